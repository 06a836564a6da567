/**
 * Growth-rate measurement for the fault suite: how much slower a function gets when its input doubles.
 * Linear code gives about 2, quadratic about 4, exponential far more. Each size is timed as the minimum of
 * several runs (interleaved, so a busy machine slows both sizes alike), repeated enough times that the
 * smaller size takes at least `minMs`: the ratio then says something even for fast functions.
 */
import { performance } from 'node:perf_hooks';

export interface GrowthOptions {
  runs?: number;
  minMs?: number;
}

function timeOf(fn: () => unknown, reps: number): number {
  const start = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return performance.now() - start;
}

/**
 * time(make(2n)) / time(make(n)). `make(size)` builds the input outside the timing and returns the call to
 * time (so building a big string is not counted).
 */
export function growth(make: (size: number) => () => unknown, n: number, options: GrowthOptions = {}): number {
  const runs = options.runs ?? 5;
  const minMs = options.minMs ?? 15;
  const small = make(n);
  const big = make(2 * n);
  small();
  big();
  let reps = 1;
  while (timeOf(small, reps) < minMs && reps < 1 << 20) reps *= 2;
  let tSmall = Infinity;
  let tBig = Infinity;
  for (let r = 0; r < runs; r++) {
    tSmall = Math.min(tSmall, timeOf(small, reps));
    tBig = Math.min(tBig, timeOf(big, reps));
  }
  return tBig / tSmall;
}

/** growth() at several sizes; returns the worst (largest) ratio with the size where it occurred. */
export function worstGrowth(make: (size: number) => () => unknown, sizes: readonly number[], options: GrowthOptions = {}): { ratio: number; at: number } {
  let worst = { ratio: 0, at: 0 };
  for (const n of sizes) {
    const ratio = growth(make, n, options);
    if (ratio > worst.ratio) worst = { ratio, at: n };
  }
  return worst;
}
