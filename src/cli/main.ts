/** The CLI: no subcommand runs the stdio server; subcommands serve humans. */
import { processEnvironment, resolveConfig, type Config } from '../config.js';
import { closeContext, createContext, type ServerContext } from '../context.js';
import { CatalogError, UsageError } from '../errors.js';
import { stderrLogger } from '../logger.js';
import { VERSION } from '../version.js';
import { parseGlobalArgs } from './args.js';
import { HELP } from './help.js';
import { runListCommand, runPromptCommand, runValidateCommand } from './catalog-commands.js';
import { serveStdio } from './serve-stdio.js';
import { checkFolderOptions } from './folders.js';
import { runProfileCommand } from './profile.js';
import { runJournalCommand } from './journal.js';
import { runMatchCommand, runRouteCommand } from './routing.js';

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
  match: (args, ctx, out) => runMatchCommand(args, ctx.catalog.snapshot, out),
  route: (args, ctx, out) => runRouteCommand(args, ctx.catalog.snapshot, out),
};

/** Commands that take the config and manage their own resources. */
type ConfigCommand = (args: string[], config: Config, out: Output) => Promise<number>;

const configCommands: Record<string, ConfigCommand> = {
  profile: runProfileCommand,
  journal: runJournalCommand,
};

export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
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
    checkFolderOptions(parsed.flags, config);
    const logger = stderrLogger(parsed.logLevel);
    if (command === undefined) {
      // The HTTP stack is loaded only when asked for: stdio servers start without parsing it.
      if (config.http.enabled) await (await import('./serve-http.js')).serveHttp(config, logger);
      else await serveStdio(config, logger);
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
