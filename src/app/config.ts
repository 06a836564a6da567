/**
 * One typed configuration object, built from flags, then environment, then defaults.
 * Nothing else in the code base reads process.env, process.cwd() or os.homedir(): tests stay hermetic.
 */
import path from 'node:path';
import os from 'node:os';
import type { CatalogConfig } from '../catalog/config.js';
import type { JournalConfig } from '../journal/config.js';
import type { HttpConfig, ProjectConfig } from '../project/config.js';
import { resolveDelegateConfig, type DelegateConfig, type DelegateFlags } from '../delegate/options.js';
import { parseSqliteEngines } from '../journal/sqlite.js';
import { findPackageRoot } from '../shared/package-root.js';

export type { HttpConfig } from '../project/config.js';
export { agentSources, sharedPromptFolders } from '../catalog/config.js';

/**
 * The whole configuration of a server or CLI run. Each domain declares the part it reads (CatalogConfig,
 * JournalConfig, ProjectConfig); this type is all of them plus what only the app layer reads.
 */
export interface Config extends CatalogConfig, JournalConfig, ProjectConfig {
  /** Match by meaning with the shipped sentence encoder (default on; --no-semantic turns it off). */
  semantic: boolean;
  /** Folder of the encoder artifact (default <package>/model/encoder; env AGENT_CATALOG_ENCODER_DIR). */
  encoderDir: string;
  http: HttpConfig;
  /** Delegation: runner, limits, per-agent tools. */
  delegate: DelegateConfig;
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
  return findPackageRoot();
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

export function processEnvironment(): Environment {
  return { cwd: process.cwd(), home: os.homedir(), env: process.env };
}
