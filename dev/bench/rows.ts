/** Shared bench plumbing: the row type, percentiles, where the built CLI is, and the table printer. */
import { findPackageRoot } from '../../src/shared/package-root.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The target, e.g. "< 250". */
  bar?: string;
  pass?: boolean;
}

export const REPO_ROOT = findPackageRoot(fileURLToPath(import.meta.url));
export const BIN = path.join(REPO_ROOT, 'dist', 'bin.js');

/** p-th percentile of an ascending array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [r.name, `${r.value} ${r.unit}`, r.bar ? `${r.bar} ${r.unit}` : '', r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL']);
  const head = ['measure', 'value', 'bar', 'ok'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => `| ${c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Realistic tasks the benches send to match_agents / route_task (the last one matches no agent). */
export const BENCH_TASKS: readonly string[] = [
  'set up a CI pipeline that caches docker layers',
  'our pre-commit hooks are slow and people skip them',
  'design a REST API for orders with pagination',
  'tune the indexes of a slow postgres query',
  'write unit tests for a react component',
  'train a pytorch model on tabular data',
  'review this pull request for security issues',
  'migrate a kubernetes deployment to helm charts',
  'bake sourdough bread',
];

/** Small deterministic PRNG (mulberry32): the same seed gives the same data, so runs can be compared and replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
