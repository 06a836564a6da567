/**
 * One typed configuration object, built from flags, then environment, then defaults.
 * Nothing else in the code base reads process.env, process.cwd() or os.homedir(): tests stay hermetic.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AgentSource } from './catalog/types.js';
import { resolveDelegateConfig, type DelegateConfig, type DelegateFlags } from './delegate/options.js';
import { parseSqliteEngines } from './journal/sqlite.js';

export interface Config {
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
  /** Project journal root (default <cwd>/.private-journal). */
  journalDir: string;
  /** User journal root (default ~/.private-journal). */
  userJournalDir: string;
  /** Project folder for project-aware prompts (default cwd). */
  projectDir: string;
  /** Folder for on-disk caches. */
  cacheDir: string;
  /** Use the on-disk parse cache. */
  useCache: boolean;
  /** Match by meaning with the shipped sentence encoder (default on; --no-semantic turns it off). */
  semantic: boolean;
  /** Folder of the encoder artifact (default <package>/model/encoder; env AGENT_CATALOG_ENCODER_DIR). */
  encoderDir: string;
  /**
   * SQLite engines the journal index may use, tried in order (env AGENT_CATALOG_SQLITE, comma-separated;
   * default better-sqlite3, node:sqlite; empty: no index, queries scan the entry files).
   */
  sqliteEngines: string[];
  http: HttpConfig;
  /** Delegation: runner, limits, per-agent tools (issue 15). */
  delegate: DelegateConfig;
}

export interface HttpConfig {
  enabled: boolean;
  host: string;
  port: number;
  token?: string;
  allowedHosts: string[];
  projectRoots: string[];
}

/** Parsed command line flags (the CLI fills this; every field optional). */
export interface FlagValues extends DelegateFlags {
  agents?: string[];
  sharedPrompts?: string[];
  noUser?: boolean;
  noBundled?: boolean;
  noWatch?: boolean;
  journal?: string;
  userJournal?: string;
  project?: string;
  cacheDir?: string;
  noCache?: boolean;
  semantic?: boolean;
  http?: boolean;
  host?: string;
  port?: number;
  token?: string;
  allowedHost?: string[];
  projectRoot?: string[];
}

export interface Environment {
  cwd: string;
  home: string;
  env: Record<string, string | undefined>;
}

export function defaultPackageRoot(): string {
  // dist/config.js or src/config.ts → package root is one level up.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

function splitPathList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(path.delimiter)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return p;
}

function truthyEnv(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  return !/^(0|false|no|off)$/i.test(v);
}

export function resolveConfig(flags: FlagValues, environment: Environment, packageRoot = defaultPackageRoot()): Config {
  const { cwd, home, env } = environment;
  const abs = (p: string): string => path.resolve(cwd, expandHome(p, home));
  const agentDirs = (flags.agents && flags.agents.length > 0 ? flags.agents : splitPathList(env.AGENT_CATALOG_AGENTS)).map(abs);
  const sharedPromptDirs = (
    flags.sharedPrompts && flags.sharedPrompts.length > 0 ? flags.sharedPrompts : splitPathList(env.AGENT_CATALOG_SHARED_PROMPTS)
  ).map(abs);
  const journalEnv = env.PRIVATE_JOURNAL_PATH ? abs(env.PRIVATE_JOURNAL_PATH) : undefined;
  // An empty AGENT_CATALOG_TOKEN counts as unset; any other value (and any --token) is checked at start.
  const token = flags.token ?? (env.AGENT_CATALOG_TOKEN === '' ? undefined : env.AGENT_CATALOG_TOKEN);
  const http: HttpConfig = {
    enabled: flags.http ?? false,
    host: flags.host ?? '127.0.0.1',
    port: flags.port ?? 3333,
    allowedHosts: flags.allowedHost ?? [],
    projectRoots: (flags.projectRoot ?? []).map(abs),
  };
  if (token !== undefined) http.token = token;
  return {
    cwd,
    home,
    agentDirs,
    sharedPromptDirs,
    useUser: !(flags.noUser ?? truthyEnv(env.AGENT_CATALOG_NO_USER) ?? false),
    useBundled: !(flags.noBundled ?? truthyEnv(env.AGENT_CATALOG_NO_BUNDLED) ?? false),
    packageRoot,
    watch: !(flags.noWatch ?? false),
    journalDir: flags.journal ? abs(flags.journal) : (journalEnv ?? path.join(cwd, '.private-journal')),
    userJournalDir: flags.userJournal ? abs(flags.userJournal) : (journalEnv ?? path.join(home, '.private-journal')),
    projectDir: flags.project ? abs(flags.project) : cwd,
    cacheDir: flags.cacheDir ? abs(flags.cacheDir) : env.AGENT_CATALOG_CACHE_DIR ? abs(env.AGENT_CATALOG_CACHE_DIR) : path.join(home, '.cache', 'agent-catalog-mcp'),
    useCache: !(flags.noCache ?? truthyEnv(env.AGENT_CATALOG_NO_CACHE) ?? false),
    semantic: flags.semantic ?? truthyEnv(env.AGENT_CATALOG_SEMANTIC) ?? true,
    encoderDir: env.AGENT_CATALOG_ENCODER_DIR ? abs(env.AGENT_CATALOG_ENCODER_DIR) : path.join(packageRoot, 'model', 'encoder'),
    sqliteEngines: parseSqliteEngines(env.AGENT_CATALOG_SQLITE),
    http,
    delegate: resolveDelegateConfig(flags),
  };
}

/** Agent sources in precedence order (highest first). */
export function agentSources(config: Config): AgentSource[] {
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
export function sharedPromptFolders(config: Config): string[] {
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

export function processEnvironment(): Environment {
  return { cwd: process.cwd(), home: os.homedir(), env: process.env };
}
