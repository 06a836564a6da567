/**
 * Growth-rate measurement for the fault suite: how much slower a function gets when its input doubles.
 * Linear code gives about 2, quadratic about 4, exponential far more. Measured over a 4× step (n and 4n)
 * and reported per doubling (the square root), which evens out a cache or garbage-collection step that
 * falls between two sizes. Each size is timed as the minimum of several runs (interleaved, so a busy machine
 * slows both sizes alike), repeated enough times that the smaller size takes at least `minMs`.
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
 * sqrt(time(make(4n)) / time(make(n))): the cost of doubling the input. `make(size)` builds the input outside
 * the timing and returns the call to time (so building a big string is not counted).
 */
export function growth(make: (size: number) => () => unknown, n: number, options: GrowthOptions = {}): number {
  const runs = options.runs ?? 5;
  const minMs = options.minMs ?? 15;
  const small = make(n);
  const big = make(4 * n);
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
  return Math.sqrt(tBig / tSmall);
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

async function timeOfAsync(fn: () => Promise<unknown>, reps: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return performance.now() - start;
}

/** growth() for an async call (each run awaited in turn). */
export async function growthAsync(make: (size: number) => () => Promise<unknown>, n: number, options: GrowthOptions = {}): Promise<number> {
  const runs = options.runs ?? 5;
  const minMs = options.minMs ?? 15;
  const small = make(n);
  const big = make(4 * n);
  await small();
  await big();
  let reps = 1;
  while ((await timeOfAsync(small, reps)) < minMs && reps < 1 << 20) reps *= 2;
  let tSmall = Infinity;
  let tBig = Infinity;
  for (let r = 0; r < runs; r++) {
    tSmall = Math.min(tSmall, await timeOfAsync(small, reps));
    tBig = Math.min(tBig, await timeOfAsync(big, reps));
  }
  return Math.sqrt(tBig / tSmall);
}
