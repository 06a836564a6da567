/**
 * An agent's prompt as clients get it: compiled (includes inlined) and, when a project profile exists,
 * with its placeholders filled from the project. Shared by get_agent_prompt, MCP prompts, resources and the CLI.
 */
import type { Config } from './config.js';
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import { AgentCompiler } from '../compile/compile-agent.js';
import type { CompiledPrompt } from '../compile/compiler.js';
import { fillPlaceholders, loadProjectProfileForConfig, type FilledPlaceholder, type LoadedProfile, type UnfilledPlaceholder } from '../project/index.js';

/** Project profiles are re-detected at most this often per folder (detection reads several files). */
export const PROFILE_TTL_MS = 2000;
const MAX_CACHED_PROFILES = 64;

export interface AgentPromptOptions {
  refresh?: boolean | undefined;
  /** Project folder to fill placeholders from (default: the configured project folder). */
  projectDir?: string | undefined;
  /** true: always fill; false: never; undefined: fill when the project has a profile. */
  fillPlaceholders?: boolean | undefined;
}

export interface AgentPrompt extends CompiledPrompt {
  filled: FilledPlaceholder[];
  unfilled: UnfilledPlaceholder[];
  /** The project folder whose profile filled the prompt, when one did. */
  project?: { dir: string; name: string; source: string };
}

/**
 * Agents' prompts as one server context serves them. Owns what they reuse between calls: the compiler of each
 * catalog snapshot, and the project profiles detected recently (per folder, for PROFILE_TTL_MS).
 */
export class AgentPrompts {
  private readonly compiler = new AgentCompiler();
  private readonly profiles = new Map<string, { at: number; loaded: Promise<LoadedProfile> }>();

  constructor(private readonly config: Pick<Config, 'projectDir' | 'http'>) {}

  /** `agent`'s prompt compiled (includes inlined), placeholders left as they are. Reads its body (may reject with CACHE_UNREADABLE). */
  compile(snapshot: CatalogSnapshot, agent: AgentRecord, options: { refresh?: boolean } = {}): Promise<CompiledPrompt> {
    return this.compiler.compile(snapshot, agent, options);
  }

  /** `agent`'s prompt as clients get it: compiled, and filled from the project's profile (see AgentPromptOptions). */
  async build(snapshot: CatalogSnapshot, agent: AgentRecord, options: AgentPromptOptions = {}): Promise<AgentPrompt> {
    const compiled = await this.compile(snapshot, agent, { refresh: options.refresh ?? false });
    const result: AgentPrompt = { ...compiled, filled: [], unfilled: [] };
    if (options.fillPlaceholders === false) return result;
    let loaded;
    try {
      loaded = await this.profile(options.projectDir);
    } catch (err) {
      // An explicit project folder that cannot be used is the caller's error; the default one is best effort.
      if (options.projectDir !== undefined || options.fillPlaceholders === true) throw err;
      return result;
    }
    const filled = fillPlaceholders(compiled.prompt, loaded.profile);
    // No command detected (e.g. a folder with no project files): the prompt stays as compiled, but every
    // placeholder left in it is reported with the reason, never silently.
    if (options.fillPlaceholders === undefined && loaded.source === 'none') return { ...result, unfilled: filled.unfilled };
    return {
      ...result,
      prompt: filled.prompt,
      filled: filled.filled,
      unfilled: filled.unfilled,
      project: { dir: loaded.profile.dir, name: loaded.profile.name, source: loaded.source },
    };
  }

  private profile(projectDir: string | undefined): Promise<LoadedProfile> {
    const config = this.config;
    const key = `${config.projectDir}\u0000${config.http.enabled ? config.http.projectRoots.join('\u0000') : ''}\u0000${projectDir ?? ''}`;
    const now = Date.now();
    const hit = this.profiles.get(key);
    if (hit && now - hit.at < PROFILE_TTL_MS) return hit.loaded;
    const loaded = loadProjectProfileForConfig(config, projectDir);
    this.profiles.set(key, { at: now, loaded });
    loaded.catch(() => this.profiles.delete(key));
    if (this.profiles.size > MAX_CACHED_PROFILES) this.profiles.delete(this.profiles.keys().next().value ?? key);
    return loaded;
  }
}
