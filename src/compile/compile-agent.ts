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

export function compileAgent(snapshot: CatalogSnapshot, agent: AgentRecord, options: { refresh?: boolean } = {}): Promise<CompiledPrompt> {
  return compilerFor(snapshot).compile(agent.body, options);
}
