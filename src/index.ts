/**
 * The programmatic API of agent-catalog-mcp: run the catalog's MCP server inside another Node program, over
 * any MCP SDK server transport.
 *
 *   import { closeContext, createContext, createServer, resolveConfig } from 'agent-catalog-mcp';
 *   const ctx = await createContext(resolveConfig({ agents: ['./agents'], noUser: true }));
 *   const server = createServer(ctx);
 *   await server.connect(transport); // e.g. new StdioServerTransport() from @modelcontextprotocol/sdk
 *   // …
 *   await server.close();
 *   await closeContext(ctx);
 *
 * Every type of this API is declared in this file, so the package ships its declarations as one file with
 * no internal type tree; compile-time checks below keep them equal to the types the code uses.
 */
import { processEnvironment, resolveConfig as resolveInternalConfig, type Config as InternalConfig, type Environment as InternalEnvironment, type FlagValues as InternalFlagValues } from './app/config.js';
import { closeContext as closeInternalContext, createContext as createInternalContext, type ServerContext } from './app/context.js';
import type { Logger as InternalLogger } from './shared/logger.js';
import { createServer as createInternalServer } from './mcp/server.js';
import { VERSION as PACKAGE_VERSION } from './shared/version.js';

/** The package version. */
export const VERSION: string = PACKAGE_VERSION;

/** Settings as the command line gives them (every field optional; see the README's Configuration table). */
export interface FlagValues {
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
  agentTools?: string;
  agentToolsMax?: string;
  runner?: string;
  runnerCommand?: string;
  runnerTimeout?: string;
  samplingMaxTokens?: string;
}

/** Where relative paths and `~` resolve, and the environment variables read (AGENT_CATALOG_*, PRIVATE_JOURNAL_PATH). */
export interface Environment {
  cwd: string;
  home: string;
  env: Record<string, string | undefined>;
}

export interface HttpConfig {
  enabled: boolean;
  host: string;
  port: number;
  token?: string;
  allowedHosts: string[];
  projectRoots: string[];
}

/** A runner command line: the command and its argv words, each literal text and placeholders in order. */
export interface RunnerTemplate {
  readonly name: string;
  readonly source: string;
  readonly command: string;
  readonly args: ReadonlyArray<ReadonlyArray<{ text: string } | { placeholder: 'prompt_file' | 'task' | 'context' | 'agent' | 'model' }>>;
}

/** Delegation settings (the delegate tool and per-agent tools). */
export interface DelegateConfig {
  runner?: RunnerTemplate;
  timeoutMs: number;
  maxOutputBytes: number;
  samplingMaxTokens: number;
  progressIntervalMs: number;
  maxConcurrentRuns: number;
  agentTools?: { kind: 'all' } | { kind: 'source'; source: 'flag' | 'project' | 'user' | 'bundled' } | { kind: 'names'; names: readonly string[] };
  agentToolsMax: number;
}

/** The resolved configuration: absolute folders, defaults applied. Build it with resolveConfig. */
export interface Config {
  cwd: string;
  home: string;
  agentDirs: string[];
  sharedPromptDirs: string[];
  useUser: boolean;
  useBundled: boolean;
  packageRoot: string;
  watch: boolean;
  journalDir: string;
  userJournalDir: string;
  projectDir: string;
  cacheDir: string;
  useCache: boolean;
  semantic: boolean;
  encoderDir: string;
  sqliteEngines: string[];
  http: HttpConfig;
  delegate: DelegateConfig;
}

/** Where the server's log lines go (default: nowhere). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ContextOptions {
  logger?: Logger;
  /** Reload when agent files change (default: config.watch). */
  watch?: boolean;
  /** Resolve only once the catalog is loaded (default true; false answers `initialize` at once). */
  waitForCatalog?: boolean;
  /** Start the journal index and the routing warm-up in the background (default true). */
  background?: boolean;
}

declare const contextBrand: unique symbol;

/** A loaded catalog with its journal: pass it to createServer (any number of servers) and closeContext. */
export interface CatalogContext {
  readonly config: Config;
  readonly [contextBrand]: true;
}

/**
 * An MCP server transport: any of the SDK's (stdio, Streamable HTTP, in-memory…). Only the methods are
 * named here; the server sets the transport's callbacks itself.
 */
export interface ServerTransport {
  start(): Promise<void>;
  send(message: unknown, options?: unknown): Promise<void>;
  close(): Promise<void>;
}

/** The MCP server over a CatalogContext: its tools, prompts, resources and completions. */
export interface CatalogServer {
  connect(transport: ServerTransport): Promise<void>;
  close(): Promise<void>;
  isConnected(): boolean;
}

/** Build the configuration from flags and an environment (default: this process's cwd, home and env). */
export function resolveConfig(flags: FlagValues = {}, environment: Partial<Environment> = {}): Config {
  return resolveInternalConfig(flags, { ...processEnvironment(), ...environment });
}

/** Load the catalog (and open the journal in the background) for the given configuration. */
export async function createContext(config: Config, options: ContextOptions = {}): Promise<CatalogContext> {
  const { logger, ...rest } = options;
  return (await createInternalContext(config, logger, rest)) as unknown as CatalogContext;
}

/** Stop watchers and background work and close the journal index. */
export function closeContext(ctx: CatalogContext): Promise<void> {
  return closeInternalContext(ctx as unknown as ServerContext);
}

/** A new MCP server over the context; connect it to a transport. */
export function createServer(ctx: CatalogContext): CatalogServer {
  return createInternalServer(ctx as unknown as ServerContext);
}

// Compile-time checks: the public types are the internal ones, field for field (a mismatch fails `tsc`).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [Same<Config, InternalConfig>, Same<FlagValues, InternalFlagValues>, Same<Environment, InternalEnvironment>, Same<Logger, InternalLogger>] = [true, true, true, true];
void sameTypes;
