/** startHttpServer in-process: /healthz counts, refusal to bind without a token, graceful close. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itIndexed } from '../helpers/sqlite.js';
import { closeContext, createContext, type ServerContext } from '../../src/app/context.js';
import { UsageError } from '../../src/shared/errors.js';
import { startHttpServer, type RunningHttpServer } from '../../src/http/server.js';
import { testConfig } from '../helpers/env.js';
import { eventually } from '../helpers/poll.js';

describe('startHttpServer (in-process)', () => {
  let ctx: ServerContext;
  let server: RunningHttpServer;
  beforeAll(async () => {
    ctx = await createContext(testConfig({ noUser: true, http: true }));
    server = await startHttpServer(ctx, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await closeContext(ctx);
  });

  itIndexed('/healthz gives the agent count and the journal entry count, and nothing else', async () => {
    const base = server.url.replace(/\/mcp$/, '');
    await ctx.journal.whenReady();
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', agents: 5, journalEntries: 0 });
    await ctx.journal.write({ technical_insights: 'healthz counts this entry' });
    const body = await (await fetch(`${base}/healthz`)).json();
    expect(body).toEqual({ status: 'ok', agents: 5, journalEntries: 1 });
  });

  it('refuses a non-loopback bind without a token before listening', async () => {
    await expect(startHttpServer(ctx, { host: '0.0.0.0', port: 0 })).rejects.toBeInstanceOf(UsageError);
  });

  it('close() waits for the request in flight, answers it, then stops accepting', async () => {
    const other = await startHttpServer(ctx, { host: '127.0.0.1', port: 0 });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    let answer = '';
    let status = 0;
    const req = http.request(other.url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Content-Length': String(body.length) } });
    const answered = new Promise<void>((resolve, reject) => {
      // A close that cut the connection shows up here.
      req.on('error', reject);
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        res.on('data', (d: Buffer) => (answer += d.toString()));
        res.on('end', () => resolve());
      });
    });
    req.write(body.slice(0, 10));
    await eventually(() => other.inFlight(), (n) => n === 1, { what: 'the request to reach the server' });
    let closed = false;
    const closing = other.close(5_000).then(() => (closed = true));
    // A new connection is refused: close() has begun, and this round trip gave it every chance to finish
    // if it did not wait for the request in flight.
    await expect(fetch(other.url, { method: 'POST' })).rejects.toThrow();
    expect(closed).toBe(false);
    expect(other.inFlight()).toBe(1);
    req.end(body.slice(10));
    await answered;
    await closing;
    expect(status).toBe(200);
    expect(JSON.parse(answer)).toMatchObject({ id: 1, result: {} });
    expect(other.server.listening).toBe(false);
  });
});
