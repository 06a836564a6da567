/** The CLI: no subcommand runs the stdio server; subcommands serve humans. */
import { processEnvironment, resolveConfig, type Config } from '../config.js';
import { closeContext, createContext, type ServerContext } from '../context.js';
import { CatalogError, UsageError } from '../errors.js';
import { stderrLogger } from '../logger.js';
import { VERSION } from '../version.js';
import { CLI_EXIT_CODES, ProcessSignals, SERVER_EXIT_CODES } from '../signals.js';
import { parseGlobalArgs } from './args.js';
import { HELP } from './help.js';
import { runListCommand, runPromptCommand, runValidateCommand } from './catalog-commands.js';
import { serveStdio } from './serve-stdio.js';
import { runProfileCommand } from './profile.js';
import { runJournalCommand } from './journal.js';
import { runMatchCommand, runRouteCommand } from './routing.js';
import { warmRoutingIndexAsync } from '../routing/index.js';

export type Output = (text: string) => void;

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
    await warmRoutingIndexAsync(ctx.catalog.snapshot);
    return runMatchCommand(args, ctx.catalog.snapshot, out);
  },
  route: async (args, ctx, out) => {
    await warmRoutingIndexAsync(ctx.catalog.snapshot);
    return runRouteCommand(args, ctx.catalog.snapshot, out);
  },
};

/** Commands that take the config and manage their own resources. */
type ConfigCommand = (args: string[], config: Config, out: Output) => Promise<number>;

const configCommands: Record<string, ConfigCommand> = {
  profile: runProfileCommand,
  journal: runJournalCommand,
};

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
    const config = resolveConfig(parsed.flags, processEnvironment());
    const logger = stderrLogger(parsed.logLevel);
    signals?.setExitCodes(command === undefined ? SERVER_EXIT_CODES : CLI_EXIT_CODES);
    if (command === undefined) {
      const processSignals = signals ?? new ProcessSignals(SERVER_EXIT_CODES).install();
      // The HTTP stack is loaded only when asked for: stdio servers start without parsing it.
      if (config.http.enabled) await (await import('./serve-http.js')).serveHttp(config, logger, processSignals);
      else await serveStdio(config, logger, processSignals);
      return 0;
    }
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
      io.err(`agent-catalog-mcp: ${err.message}`);
      return err instanceof UsageError ? 2 : 1;
    }
    io.err(`agent-catalog-mcp: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}
