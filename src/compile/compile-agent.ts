/** Compile one catalog agent's system prompt against the snapshot's shared-prompt folders. */
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import { FragmentResolver } from './fragments.js';
import { PromptCompiler, type CompiledPrompt } from './compiler.js';

const compilers = new WeakMap<CatalogSnapshot, PromptCompiler>();

export function compilerFor(snapshot: CatalogSnapshot): PromptCompiler {
  let c = compilers.get(snapshot);
  if (!c) {
    c = new PromptCompiler(new FragmentResolver(snapshot.sharedPromptDirs));
    compilers.set(snapshot, c);
  }
  return c;
}

/**
 * `agent`'s compiled prompt. Reads its body (`snapshot.bodies`): when the parse cache holding it was damaged,
 * rejects with that CACHE_UNREADABLE error.
 */
export async function compileAgent(snapshot: CatalogSnapshot, agent: AgentRecord, options: { refresh?: boolean } = {}): Promise<CompiledPrompt> {
  const read = snapshot.bodies.read(agent);
  if (!read.ok) throw read.error;
  return compilerFor(snapshot).compile(read.body, options);
}
