// A fixed-seed PRNG for tests that fit models on generated data: the fits must not depend on the run.
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
