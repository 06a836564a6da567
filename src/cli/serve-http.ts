/**
 * HTTP server mode (--http): the team server. Refuses (exit code 2) to listen on a non-loopback address
 * without a token, prints `listening on http://HOST:PORT/mcp` to stderr once ready, and on SIGTERM/SIGINT
 * stops accepting, lets in-flight requests finish, closes the context and returns (exit code 0).
 */
import type { Config } from '../app/config.js';
import { closeContext, createContext } from '../app/context.js';
import type { Logger } from '../shared/logger.js';
import { startHttpServer } from '../http/server.js';
import { assertSafeBinding } from '../http/security.js';
import { UsageError } from '../shared/errors.js';
import { selectAgentTools } from '../delegate/agent-tools.js';
import type { ProcessSignals } from '../app/signals.js';

/** How long in-flight requests get to finish after SIGTERM before their connections are cut. */
const DRAIN_MS = 10_000;

export async function serveHttp(config: Config, logger: Logger, signals: ProcessSignals): Promise<void> {
  const { http } = config;
  assertSafeBinding(http);
  const ctx = await createContext(config, logger);
  // The catalog is loaded before listening: a refused --agent-tools selection stops the start (exit code 2).
  const agentTools = config.delegate.agentTools;
  const refused = agentTools ? selectAgentTools(agentTools, ctx.catalog.snapshot, config.delegate.agentToolsMax).error : undefined;
  if (refused) {
    await closeContext(ctx).catch(() => undefined);
    throw new UsageError(refused);
  }
  const server = await startHttpServer(ctx, { host: http.host, port: http.port, token: http.token, allowedHosts: http.allowedHosts }).catch(async (err: unknown) => {
    await closeContext(ctx).catch(() => undefined);
    throw err;
  });
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (why: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info(`stopping (${why}): ${server.inFlight()} request(s) in flight`);
      // Whatever happens while closing, the process is gone soon after the drain limit.
      setTimeout(() => process.exit(0), DRAIN_MS + 2_000).unref();
      void (async () => {
        await server.close(DRAIN_MS).catch(() => undefined);
        await closeContext(ctx).catch(() => undefined);
        // Everything is closed; a file watcher's leftover timer (about 1 s) need not delay the exit.
        setTimeout(() => process.exit(0), 100).unref();
        resolve();
      })();
    };
    signals.onStop(stop);
    // Printed once the signal handlers are in place: whoever waits for this line may send SIGTERM at once.
    process.stderr.write(`[agent-catalog-mcp] listening on ${server.url} (${ctx.catalog.snapshot.names.length} agents${http.token ? ', bearer token required' : ''})\n`);
  });
}
