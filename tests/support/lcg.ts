// Test helper. A seeded generator of numbers in [0, 1): the same values on every run, so that a
// test built on random-looking data is repeatable.
export function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
