/**
 * The team server: the same MCP surface as stdio, over the SDK's Streamable HTTP transport at /mcp, in
 * stateless mode. Every POST gets a fresh McpServer and transport built over the one shared ServerContext
 * (docs/decisions.md, "HTTP: a fresh server per request"), so no state lives between requests and any
 * number of replicas can sit behind a load balancer. Plain node:http; the checks run before the body is read:
 *
 *   one Host (400) → Host/Origin (403) → path (404) → bearer token (401) → method (405) → content type (415)
 *   → size (413)
 *
 * GET /healthz answers without a token (after the Host/Origin check) and reveals nothing but counts.
 *
 * Connections are bounded in number and in time, so clients that connect and say nothing cannot hold the
 * process's file descriptors: at most `connectionCap()` at once (further ones are closed on accept), a
 * connection that has not sent a whole request line and headers within IDLE_MS of going quiet is closed,
 * headers must be complete within HEADERS_TIMEOUT_MS, a request within REQUEST_TIMEOUT_MS, and an idle
 * keep-alive connection is closed after KEEP_ALIVE_MS. The header block is capped at MAX_HEADER_BYTES (431).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { ServerContext } from '../app/context.js';
import { CatalogError } from '../shared/errors.js';
import { createServer } from '../mcp/server.js';
import { acceptedHostnames, assertSafeBinding, bearerChecker, checkHostAndOrigin } from './security.js';

/** Largest request body accepted (4 MiB); bigger ones get 413. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** After a 413, how much of the refused body is read and thrown away before the connection is cut. */
const MAX_DISCARD_BYTES = 16 * 1024 * 1024;

/** Whole request header block (Node's default, stated here because the per-header checks rely on it). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** A connection quiet this long before its request has arrived is closed (same as an idle keep-alive one). */
export const IDLE_MS = 5_000;
export const KEEP_ALIVE_MS = 5_000;
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 60_000;
/** Descriptors kept free for catalog, journal and cache files when the connection cap is derived from the fd limit. */
const RESERVED_FDS = 128;
const MAX_CONNECTIONS = 2_000;

/** The soft limit on open files of this process (Linux /proc), or undefined where it cannot be read. Reads a file. */
function readOpenFileLimit(): number | undefined {
  try {
    const line = fs
      .readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(' ', 1)[0];
    const n = Number(soft);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How many connections are served at once: MAX_CONNECTIONS, or fewer when the open-file limit is low, so that
 * RESERVED_FDS descriptors always stay free for the server's own files (a flood of connections must not make
 * catalog or journal reads fail with EMFILE). Reads /proc/self/limits.
 */
export function connectionCap(fdLimit = readOpenFileLimit()): number {
  if (fdLimit === undefined) return MAX_CONNECTIONS;
  return Math.max(16, Math.min(MAX_CONNECTIONS, fdLimit - RESERVED_FDS));
}

export const MCP_PATH = '/mcp';
export const HEALTH_PATH = '/healthz';

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port (see RunningHttpServer.port). */
  port: number;
  token?: string | undefined;
  /** Extra Host names accepted besides the localhost names (see acceptedHostnames). */
  allowedHosts?: readonly string[];
  maxBodyBytes?: number;
}

export interface RunningHttpServer {
  /** The URL of the MCP endpoint, e.g. http://127.0.0.1:3333/mcp. */
  url: string;
  host: string;
  port: number;
  server: http.Server;
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Graceful stop: no new connections, idle keep-alive connections closed, in-flight requests answered
   * (their connections closed after), then resolves. Connections still busy after `drainMs` are cut.
   */
  close(drainMs?: number): Promise<void>;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendRpcError(res: http.ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  return (header.split(';', 1)[0] ?? '').trim().toLowerCase() === 'application/json';
}

type BodyResult = { ok: true; text: string } | { ok: false };

/** Read the body as UTF-8, up to `max` bytes; { ok: false } as soon as it is known to be bigger. */
function readBody(req: http.IncomingMessage, max: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve({ ok: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        cleanup();
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onAborted = (): void => onError(new Error('request aborted'));
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/**
 * Answer 413 and close the connection. The refused body is first read and dropped (up to a bound, for at
 * most 10 s): closing a socket with unread data makes the kernel send a reset, which can destroy the 413
 * before the client has read it.
 */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, max: number): void {
  let answered = false;
  const answer = (): void => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    res.shouldKeepAlive = false;
    sendRpcError(res, 413, -32000, `Payload Too Large: request body must not exceed ${max} bytes`, { Connection: 'close' });
  };
  const timer = setTimeout(answer, 10_000);
  timer.unref();
  const declared = Number(req.headers['content-length']);
  if (req.complete || (Number.isFinite(declared) && declared > max + MAX_DISCARD_BYTES)) {
    answer();
    return;
  }
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARD_BYTES) {
      req.pause();
      answer();
    }
  });
  req.on('end', answer);
  req.on('error', answer);
  req.resume();
}

/**
 * The journal entry count for /healthz, when the context has a journal (`ctx.journal.status().entries`, the
 * JournalService; read structurally so the server works with or without one). Only the count.
 */
function journalEntryCount(ctx: ServerContext): number | undefined {
  const journal = (ctx as { journal?: { status?: unknown } }).journal;
  if (typeof journal?.status !== 'function') return undefined;
  try {
    const entries = (journal.status() as { entries?: unknown } | undefined)?.entries;
    return typeof entries === 'number' && Number.isFinite(entries) ? entries : undefined;
  } catch {
    return undefined;
  }
}

function formatUrl(host: string, port: number, pathname: string): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}${pathname}`;
}

export async function startHttpServer(ctx: ServerContext, options: HttpServerOptions): Promise<RunningHttpServer> {
  assertSafeBinding(options);
  const { logger } = ctx;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const accepted = acceptedHostnames(options.host, options.allowedHosts ?? []);
  const tokenOk = options.token ? bearerChecker(options.token) : undefined;
  // Every request in flight holds one catalog 'change' listener (createServer adds it, close removes it).
  ctx.catalog.setMaxListeners(0);
  // One validator for the servers of every request (Ajv is built at most once).

  const active = new Set<http.ServerResponse>();
  let stopping = false;
  let drained: (() => void) | undefined;

  const handleMcp = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      // Stateless: no standalone SSE stream (GET) and no session to end (DELETE).
      sendRpcError(res, 405, -32000, 'Method not allowed: this stateless server takes POST only.', { Allow: 'POST' });
      return;
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      sendRpcError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
      return;
    }
    const body = await readBody(req, maxBody);
    if (!body.ok) {
      refuseTooLarge(req, res, maxBody);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      sendRpcError(res, 400, -32700, 'Parse error: Invalid JSON');
      return;
    }
    const server = createServer(ctx);
    // Stateless mode: no sessionIdGenerator (the SDK's `sessionIdGenerator: undefined`, which
    // exactOptionalPropertyTypes spells as leaving it out). Plain JSON answers, no SSE: nothing here streams.
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    let closed = false;
    const closeBoth = (): void => {
      if (closed) return;
      closed = true;
      void transport.close().catch(() => undefined);
      void server.close().catch(() => undefined);
    };
    res.on('close', closeBoth);
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, parsed);
    } catch (err) {
      logger.error(`request failed: ${(err as Error).message}`);
      if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal server error');
      closeBoth();
    }
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    // The request has arrived: the idle limit no longer applies (REQUEST_TIMEOUT_MS bounds the body; the
    // answer may take as long as the tool needs). Node sets the keep-alive limit after the answer.
    req.socket.setTimeout(0);
    active.add(res);
    res.on('close', () => {
      active.delete(res);
      if (active.size === 0) drained?.();
    });
    // While stopping, answer what arrives but close each connection after its answer.
    if (stopping) res.shouldKeepAlive = false;
    const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
    // Node keeps the first of several Host headers; which one a proxy or a check looked at is then ambiguous.
    if ((req.headersDistinct.host?.length ?? 0) > 1) {
      res.shouldKeepAlive = false;
      sendRpcError(res, 400, -32000, 'Bad Request: more than one Host header', { Connection: 'close' });
      return;
    }
    const hostCheck = checkHostAndOrigin(req.headers.host, req.headers.origin, accepted);
    if (!hostCheck.ok) {
      logger.warn(`refused request: ${hostCheck.message}`);
      sendRpcError(res, 403, -32000, `Forbidden: ${hostCheck.message}`);
      return;
    }
    if (pathname === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const journalEntries = journalEntryCount(ctx);
      sendJson(res, stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ok', agents: ctx.catalog.snapshot.names.length, ...(journalEntries !== undefined ? { journalEntries } : {}) });
      return;
    }
    if (pathname !== MCP_PATH) {
      sendRpcError(res, 404, -32000, `Not found: the MCP endpoint is ${MCP_PATH}`);
      return;
    }
    if (tokenOk && !tokenOk(req.headers.authorization)) {
      const error = req.headers.authorization === undefined ? '' : ', error="invalid_token"';
      sendRpcError(res, 401, -32000, 'Unauthorized: send "Authorization: Bearer <token>"', { 'WWW-Authenticate': `Bearer realm="agent-catalog-mcp"${error}` });
      return;
    }
    handleMcp(req, res).catch((err: unknown) => {
      // A client that goes away mid-request is not a server error.
      if (req.destroyed || res.destroyed) logger.debug(`request abandoned: ${(err as Error).message}`);
      else logger.error(`request failed: ${(err as Error).message}`);
      if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal server error');
      else res.destroy();
    });
  };

  const server = http.createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_MS,
      maxHeaderSize: MAX_HEADER_BYTES,
      // How often Node checks the header and request limits (its default, 30 s, would let a slow client
      // hold a connection for up to 40 s past HEADERS_TIMEOUT_MS).
      connectionsCheckingInterval: 1_000,
    },
    handler,
  );
  server.maxConnections = connectionCap();
  // A connection quiet for IDLE_MS before its request arrives is closed by Node (no 'timeout' listener).
  server.on('connection', (socket: Socket) => socket.setTimeout(IDLE_MS));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const why = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
      reject(new CatalogError('LISTEN_FAILED', `cannot listen on ${formatUrl(options.host, options.port, '')}: ${why}`));
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => logger.error(`http server: ${err.message}`));
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (drainMs = 10_000): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      stopping = true;
      // Requests in flight are answered; their connections close afterwards.
      for (const res of active) if (!res.headersSent) res.shouldKeepAlive = false;
      const done = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const idle = new Promise<void>((r) => {
        drained = r;
        if (active.size === 0) r();
      });
      const timer = setTimeout(() => {
        logger.warn(`stopping: ${active.size} request(s) still open after ${drainMs} ms; closing their connections`);
        server.closeAllConnections();
      }, drainMs);
      timer.unref();
      void idle
        .then(() => {
          server.closeIdleConnections();
          return done;
        })
        .then(() => {
          clearTimeout(timer);
          resolve();
        });
    });
    return closing;
  };

  return { url: formatUrl(options.host, port, MCP_PATH), host: options.host, port, server, inFlight: () => active.size, close };
}
