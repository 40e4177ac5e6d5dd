// Array helpers for arrays of any length. Spreading an array into a call (Math.min(...xs),
// out.push(...xs)) puts every element on the stack as an argument, and a page of a few hundred
// thousand lines overflows it: a text file of 10 MB crashed that way. These loop instead.

/** The smallest value (Infinity for none, NaN if any is NaN), as Math.min gives. */
export function minOf(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) min = Math.min(min, v);
  return min;
}

/** The largest value (-Infinity for none, NaN if any is NaN), as Math.max gives. */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  return max;
}

/** Appends the items to `target` in order; returns the new length, as push does. */
export function pushAll<T>(target: T[], items: Iterable<T>): number {
  for (const item of items) target.push(item);
  return target.length;
}
