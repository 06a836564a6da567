/** Compile one catalog agent's system prompt against the snapshot's shared-prompt folders. */
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import { FragmentResolver } from './fragments.js';
import { PromptCompiler, type CompiledPrompt } from './compiler.js';

/**
 * The prompt compilers of one server context: one per catalog snapshot (the snapshot's shared-prompt folders,
 * and a fragment cache that lives as long as the snapshot; a reload starts a fresh one).
 */
export class AgentCompiler {
  private readonly compilers = new WeakMap<CatalogSnapshot, PromptCompiler>();

  /**
   * `agent`'s compiled prompt. Reads its body (`snapshot.bodies`): when the parse cache holding it was
   * damaged, rejects with that CACHE_UNREADABLE error.
   */
  async compile(snapshot: CatalogSnapshot, agent: AgentRecord, options: { refresh?: boolean } = {}): Promise<CompiledPrompt> {
    const read = snapshot.bodies.read(agent);
    if (!read.ok) throw read.error;
    return this.compilerOf(snapshot).compile(read.body, options);
  }

  private compilerOf(snapshot: CatalogSnapshot): PromptCompiler {
    let c = this.compilers.get(snapshot);
    if (!c) {
      c = new PromptCompiler(new FragmentResolver(snapshot.sharedPromptDirs));
      this.compilers.set(snapshot, c);
    }
    return c;
  }
}
