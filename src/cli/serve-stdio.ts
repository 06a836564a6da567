/** Stdio server mode: stdout carries only JSON-RPC; the process ends cleanly on stdin close, SIGTERM or SIGINT. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Config } from '../app/config.js';
import { closeContext, createContext } from '../app/context.js';
import { createJournalServer } from '../mcp/journal-server.js';
import { JournalService } from '../journal/service.js';
import type { Logger } from '../shared/logger.js';
import type { ProcessSignals } from '../app/signals.js';
import { createServer } from '../mcp/server.js';
import { GuardedStdioTransport } from '../mcp/transport/guarded-stdio.js';

export interface StdioOptions {
  /** `journal`: journal-only mode, the reference private-journal tools and nothing else (no catalog is loaded). */
  only?: 'journal' | undefined;
}

/** What a stdio session serves, and how it ends. */
interface Served {
  server: McpServer;
  /** True while a first load runs that a stop may abandon (exit at once rather than wait for it). */
  abandonable: () => boolean;
  close: () => Promise<void>;
}

async function serveWhat(config: Config, logger: Logger, options: StdioOptions): Promise<Served> {
  if (options.only === 'journal') {
    const journal = new JournalService(config, logger, { watch: config.watch });
    journal.start();
    return { server: createJournalServer({ journal }), abandonable: () => false, close: () => journal.close() };
  }
  const ctx = await createContext(config, logger, { waitForCatalog: false });
  return { server: createServer(ctx), abandonable: () => !ctx.catalog.loaded, close: () => closeContext(ctx) };
}

/** After a stop begins, the process is gone this soon even if something still holds it open. */
const FORCED_EXIT_MS = 800;

export async function serveStdio(config: Config, logger: Logger, signals: ProcessSignals, options: StdioOptions = {}): Promise<void> {
  // A client that closes our stderr must not crash the server through a failed log write.
  process.stderr.on('error', () => undefined);
  // Started by hand in a terminal (MCP clients give it a pipe): say what it is waiting for.
  if (process.stdin.isTTY) {
    process.stderr.write('agent-catalog-mcp: MCP server waiting for a client on stdio (Ctrl-C exits). For the CLI, run "agent-catalog-mcp --help" or "agent-catalog-mcp list".\n');
  }
  const { server, abandonable, close } = await serveWhat(config, logger, options);
  // Oversize, malformed and mis-encoded input is answered or skipped, never fatal; a closed stdout (EPIPE)
  // ends the session instead of crashing the process.
  const transport = new GuardedStdioTransport(process.stdin, process.stdout, { logger });
  let stopping = false;
  await new Promise<void>((resolve) => {
    const stop = (why: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info(`stopping (${why})`);
      // Whatever happens while closing, the process is gone within a second. Normally it ends by itself
      // long before; if this fires, say what was still open (a leaked watcher or timer is a bug).
      setTimeout(() => {
        logger.warn(`forced exit ${FORCED_EXIT_MS} ms after ${why}; still open: ${process.getActiveResourcesInfo().join(', ') || 'nothing'}`);
        process.exit(0);
      }, FORCED_EXIT_MS).unref();
      void (async () => {
        await server.close().catch(() => undefined);
        if (abandonable()) {
          // The first load is still running: there is nothing to flush or save yet, and closing the store
          // would wait for the whole load (seconds at 10,000 agents).
          logger.info('catalog still loading; exiting without waiting for it');
          process.exit(0);
        }
        await close().catch(() => undefined);
        resolve();
      })();
    };
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('close', () => stop('stdin closed'));
    signals.onStop(stop);
    transport.onclose = () => stop('connection closed');
    server.connect(transport).catch((err: unknown) => {
      logger.error(`cannot start: ${(err as Error).message}`);
      stop('start failure');
    });
  });
}
