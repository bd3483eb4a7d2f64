/** `1 file`, `2 files`, `3 fixes`: a count and its noun, in the plural unless the count is 1. */
export const plural = (count: number, word: string): string =>
  `${count} ${word}${count === 1 ? '' : /(s|x|ch|sh)$/.test(word) ? 'es' : 's'}`;
