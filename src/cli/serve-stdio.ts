/** Stdio server mode: stdout carries only JSON-RPC; the process ends cleanly on stdin close, SIGTERM or SIGINT. */
import type { Config } from '../config.js';
import { closeContext, createContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { ProcessSignals } from '../signals.js';
import { createServer } from '../server.js';
import { GuardedStdioTransport } from '../transport/guarded-stdio.js';

/** After a stop begins, the process is gone this soon even if something still holds it open. */
const FORCED_EXIT_MS = 800;

export async function serveStdio(config: Config, logger: Logger, signals: ProcessSignals): Promise<void> {
  // A client that closes our stderr must not crash the server through a failed log write.
  process.stderr.on('error', () => undefined);
  const ctx = await createContext(config, logger, { waitForCatalog: false });
  const server = createServer(ctx);
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
        if (!ctx.catalog.loaded) {
          // The first load is still running: there is nothing to flush or save yet, and closing the store
          // would wait for the whole load (seconds at 10,000 agents).
          logger.info('catalog still loading; exiting without waiting for it');
          process.exit(0);
        }
        await closeContext(ctx).catch(() => undefined);
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
