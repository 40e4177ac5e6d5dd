// Flag bits of a hunspell word form in da-hunspell.txt.gz (a line "form" alone means STANDALONE).
/** The form is a word by itself (not only a part of compounds). */
export const STANDALONE = 1;
/** May start a compound ("arbejds" in "arbejdsmarked"). */
export const COMPOUND_BEGIN = 2;
/** May stand inside a compound. */
export const COMPOUND_MIDDLE = 4;
/** May end a compound. */
export const COMPOUND_END = 8;
/** Written with a capital only (a name: "Østeuropa", "Søren"); the lexicon keys are lower case. */
export const PROPER = 16;
