/** The CLI: no subcommand runs the stdio server; subcommands serve humans. */
import { statSync } from 'node:fs';
import { processEnvironment, resolveConfig, type Config } from '../app/config.js';
import { closeContext, createContext, type ServerContext } from '../app/context.js';
import { CatalogError, UsageError } from '../shared/errors.js';
import { stderrLogger } from '../shared/logger.js';
import { VERSION } from '../shared/version.js';
import { CLI_EXIT_CODES, ProcessSignals, SERVER_EXIT_CODES } from '../app/signals.js';
import { GLOBAL_FLAGS, parseGlobalArgs, unknownOption } from './args.js';
import { HELP } from './help.js';
import { runListCommand, runPromptCommand, runValidateCommand } from './catalog-commands.js';
import { serveStdio } from './serve-stdio.js';
import { checkFolderOptions } from './folders.js';
import { runProfileCommand } from './profile.js';
import { runJournalCommand } from './journal.js';
import { runMatchCommand, runRouteCommand } from './routing.js';
import type { RoutingEngine } from '../routing/engine.js';

export type Output = (text: string) => void;

/** The routing engine of a one-shot command, with its index and (unless --no-semantic) its agent vectors ready. */
async function routingEngine(ctx: ServerContext): Promise<RoutingEngine> {
  const engine = ctx.routing.engineFor(ctx.catalog.snapshot);
  await engine.warm();
  if (await ctx.semantic.whenLoaded()) await engine.warmVectors();
  return engine;
}

export interface CliIO {
  out: Output;
  err: Output;
}

const defaultIO: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

/** Commands that only need the catalog (no watcher, no journal). */
type CatalogCommand = (args: string[], ctx: ServerContext, out: Output) => Promise<number> | number;

const catalogCommands: Record<string, CatalogCommand> = {
  list: runListCommand,
  prompt: runPromptCommand,
  validate: runValidateCommand,
  // The routing index is built in slices first, so that Ctrl-C is handled while it builds.
  match: async (args, ctx, out) => {
    const engine = await routingEngine(ctx);
    return runMatchCommand(args, engine, out);
  },
  route: async (args, ctx, out) => {
    const engine = await routingEngine(ctx);
    return runRouteCommand(args, engine, out);
  },
};

/** Commands that take the config and manage their own resources. */
type ConfigCommand = (args: string[], config: Config, out: Output) => Promise<number>;

const configCommands: Record<string, ConfigCommand> = {
  profile: runProfileCommand,
  journal: runJournalCommand,
};

/** Agent and shared-prompt folders named on the command line (or in the environment) must exist. */
function checkFolders(config: Config): void {
  for (const [dirs, what] of [
    [config.agentDirs, 'agent folder (--agents / AGENT_CATALOG_AGENTS)'],
    [config.sharedPromptDirs, 'shared-prompt folder (--shared-prompts / AGENT_CATALOG_SHARED_PROMPTS)'],
  ] as const) {
    for (const dir of dirs) {
      let isDir: boolean;
      try {
        isDir = statSync(dir).isDirectory();
      } catch {
        throw new UsageError(`${what} does not exist: ${dir}`);
      }
      if (!isDir) throw new UsageError(`${what} is not a folder: ${dir}`);
    }
  }
}

/** Tool names in error messages meant for MCP clients, as the CLI commands a shell user runs instead. */
const SHELL_COMMANDS: Record<string, string> = {
  list_agents: 'agent-catalog-mcp list',
  get_agent_prompt: 'agent-catalog-mcp prompt NAME',
  search_journal: 'agent-catalog-mcp journal search',
  list_recent_entries: 'agent-catalog-mcp journal recent',
  read_recent_entries: 'agent-catalog-mcp journal recent',
  process_thoughts: 'agent-catalog-mcp journal write',
  match_agents: 'agent-catalog-mcp match',
  route_task: 'agent-catalog-mcp route',
};
const TOOL_NAME = new RegExp(`\\b(Call |call )?(${Object.keys(SHELL_COMMANDS).join('|')})\\b`, 'g');

/** An error message as a shell user should read it: "Call list_agents" becomes "Run `agent-catalog-mcp list`". */
export function forShell(message: string): string {
  return message.replace(TOOL_NAME, (_m, call: string | undefined, tool: string) => `${call ? 'Run ' : ''}\`${SHELL_COMMANDS[tool] ?? tool}\``);
}

/**
 * Run the CLI. `signals` is the process's signal handling (installed by bin.ts before anything loads); the
 * servers hand it their graceful stop, commands leave it exiting with 130/143. In-process callers (tests)
 * leave it out: nothing is installed then.
 */
export async function main(argv: readonly string[], io: CliIO = defaultIO, signals?: ProcessSignals): Promise<number> {
  try {
    const parsed = parseGlobalArgs(argv);
    if (parsed.version) {
      io.out(VERSION);
      return 0;
    }
    if (parsed.help) {
      io.out(HELP);
      return 0;
    }
    const [command, ...args] = parsed.rest;
    // A flag nobody takes, before any subcommand (subcommands check their own).
    if (command !== undefined && command.startsWith('-') && command.length > 1) throw unknownOption(command.split('=')[0] ?? command, GLOBAL_FLAGS);
    const config = resolveConfig(parsed.flags, processEnvironment());
    checkFolders(config);
    checkFolderOptions(parsed.flags, config);
    const logger = stderrLogger(parsed.logLevel);
    if (parsed.only !== undefined && (command !== undefined || config.http.enabled)) {
      throw new UsageError(`--only ${parsed.only} is a mode of the stdio server: use it without a command and without --http`);
    }
    signals?.setExitCodes(command === undefined ? SERVER_EXIT_CODES : CLI_EXIT_CODES);
    if (command === undefined) {
      const processSignals = signals ?? new ProcessSignals(SERVER_EXIT_CODES).install();
      // The HTTP stack is loaded only when asked for: stdio servers start without parsing it.
      if (config.http.enabled) await (await import('./serve-http.js')).serveHttp(config, logger, processSignals);
      else await serveStdio(config, logger, processSignals, { only: parsed.only });
      return 0;
    }
    // `agent-catalog-mcp list | head`: a reader that goes away ends the command quietly, not with a stack.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
    });
    const catalogCommand = catalogCommands[command];
    if (catalogCommand) {
      const ctx = await createContext(config, logger, { watch: false, background: false });
      try {
        return await catalogCommand(args, ctx, io.out);
      } finally {
        await closeContext(ctx);
      }
    }
    const configCommand = configCommands[command];
    if (configCommand) return await configCommand(args, config, io.out);
    throw new UsageError(`unknown command "${command}". Commands: ${[...Object.keys(catalogCommands), ...Object.keys(configCommands)].join(', ')} (or none, to run the MCP server). See --help.`);
  } catch (err) {
    if (err instanceof CatalogError) {
      io.err(`agent-catalog-mcp: ${forShell(err.message)}`);
      return err instanceof UsageError ? 2 : 1;
    }
    io.err(`agent-catalog-mcp: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}
