/** What the catalog reads of the configuration (app/config.ts builds it), and the folders it implies. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AgentSource } from './types.js';

export interface CatalogConfig {
  cwd: string;
  home: string;
  /** Agent folders given with --agents / AGENT_CATALOG_AGENTS, highest precedence first. */
  agentDirs: string[];
  sharedPromptDirs: string[];
  useUser: boolean;
  useBundled: boolean;
  /** Where the package's own agents/ and shared-prompts/ live. */
  packageRoot: string;
  /** Watch source folders and reload on change. */
  watch: boolean;
  /** Folder for on-disk caches. */
  cacheDir: string;
  /** Use the on-disk parse cache. */
  useCache: boolean;
}

/** Agent sources in precedence order (highest first). */
export function agentSources(config: CatalogConfig): AgentSource[] {
  const out: AgentSource[] = [];
  for (const dir of config.agentDirs) out.push({ kind: 'flag', dir, label: `flag:${dir}` });
  const project = path.join(config.cwd, '.claude', 'agents');
  out.push({ kind: 'project', dir: project, label: `project:${project}` });
  if (config.useUser) {
    const user = path.join(config.home, '.claude', 'agents');
    out.push({ kind: 'user', dir: user, label: `user:${user}` });
  }
  if (config.useBundled) {
    const bundled = path.join(config.packageRoot, 'agents');
    out.push({ kind: 'bundled', dir: bundled, label: `bundled:${bundled}` });
  }
  return dedupeByDir(out);
}

/**
 * Shared-prompt folders in resolution order (first match wins): --shared-prompts folders, then a
 * `shared-prompts/` folder inside an --agents folder (catalogs ship their fragments beside their agents;
 * the agent scan leaves such folders out), then the project, user and bundled ones.
 */
export function sharedPromptFolders(config: CatalogConfig): string[] {
  const beside = config.agentDirs.map((dir) => path.join(dir, 'shared-prompts')).filter((dir) => existsSync(dir));
  const out = [...config.sharedPromptDirs, ...beside, path.join(config.cwd, '.claude', 'shared-prompts')];
  if (config.useUser) out.push(path.join(config.home, '.claude', 'shared-prompts'));
  if (config.useBundled) out.push(path.join(config.packageRoot, 'shared-prompts'));
  return [...new Set(out)];
}

function dedupeByDir(sources: AgentSource[]): AgentSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => (seen.has(s.dir) ? false : (seen.add(s.dir), true)));
}

