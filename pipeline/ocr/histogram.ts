// Gray-level histograms (256 bins, one per byte value) and what the OCR stage reads off them: the
// threshold that splits ink from paper, and the tone below which a given number of pixels lie.
// Shared by the readings that judge a page or a part of it by its tones (preprocess.ts, inverse.ts,
// leaders.ts, uncovered.ts).

/** Counts of each gray value in the bytes. */
export function grayHistogram(data: Uint8Array): Uint32Array {
  const hist = new Uint32Array(256);
  for (const v of data) hist[v]!++;
  return hist;
}

/**
 * The first gray value, counting up from `from`, at which more than `rank` pixels have been seen;
 * 255 when the histogram runs out first. With `rank` a share of the count this is a percentile.
 */
export function histogramRank(hist: ArrayLike<number>, rank: number, from = 0): number {
  let seen = 0;
  for (let v = from; v < 256; v++) if ((seen += hist[v]!) > rank) return v;
  return 255;
}

/** The threshold (the last value of the dark class) that best splits a 256-bin histogram in two. */
export function otsuOfHistogram(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i]!;
    sum += i * hist[i]!;
  }
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    weightB += hist[t]!;
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * hist[t]!;
    const between = weightB * weightF * (sumB / weightB - (sum - sumB) / weightF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** The ink/paper threshold of a whole gray raster: the last gray value that counts as ink. */
export function otsu(gray: { data: Uint8Array }): number {
  return otsuOfHistogram(grayHistogram(gray.data));
}
