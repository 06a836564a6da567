/**
 * V8 heap settings for a server that holds one large, long-lived data set and answers small requests.
 *
 * Node's defaults suit short-lived, allocation-heavy programs. Here they let the young generation grow to
 * 3 × 16 MB and the old generation to several times its live size while a large catalog is parsed and a
 * journal indexed. Two runtime flags prevent that: the young generation stays at its initial size, and the
 * old generation grows by at most a fifth of what survives each full collection. The garbage collector
 * reads both each time it sizes a space, so setting them when the process starts takes effect at once.
 * (docs/decisions.md, "Memory: V8 heap flags".)
 *
 * The cost is more, smaller collections. bin.ts therefore sets them once the code is loaded, not before:
 * loading is a burst of allocations that nearly all survive, and a young generation held at its initial
 * size would be scavenged many times through it (each collection copying what survives), where one that
 * may grow first needs a few, and ends a few MB larger before the flags hold it there (docs/decisions.md,
 * "Start-up: what the first answer waits for").
 *
 * A flag the user gave node on its command line is left as they set it (NODE_OPTIONS cannot carry these),
 * and AGENT_CATALOG_NODE_HEAP=default keeps node's defaults altogether.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_FLAGS: readonly string[] = ['--semi-space-growth-factor=1', '--heap-growing-percent=20'];

/** The flags applied, after leaving out those the user set themselves. */
export function tuneHeap(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): string[] {
  if (env['AGENT_CATALOG_NODE_HEAP'] === 'default') return [];
  // V8 accepts both spellings of a flag name.
  const given = execArgv.map((arg) => arg.replaceAll('_', '-'));
  const applied = HEAP_FLAGS.filter((flag) => !given.some((arg) => arg.startsWith(flag.slice(0, flag.indexOf('=')))));
  for (const flag of applied) setFlagsFromString(flag);
  return applied;
}
