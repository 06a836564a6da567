/** Stdio server mode: stdout carries only JSON-RPC; the process ends cleanly on stdin close, SIGTERM or SIGINT. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Config } from '../config.js';
import { closeContext, createContext } from '../context.js';
import type { Logger } from '../logger.js';
import { createServer } from '../server.js';

export async function serveStdio(config: Config, logger: Logger): Promise<void> {
  const ctx = await createContext(config, logger, { waitForCatalog: false });
  const server = createServer(ctx);
  const transport = new StdioServerTransport();
  let stopping = false;
  await new Promise<void>((resolve) => {
    const stop = (why: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info(`stopping (${why})`);
      // Whatever happens while closing, the process is gone within a second.
      setTimeout(() => process.exit(0), 800).unref();
      void (async () => {
        await server.close().catch(() => undefined);
        await closeContext(ctx).catch(() => undefined);
        resolve();
      })();
    };
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('close', () => stop('stdin closed'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    server.connect(transport).catch((err: unknown) => {
      logger.error(`cannot start: ${(err as Error).message}`);
      stop('start failure');
    });
  });
}
