/**
 * Hostile HTTP clients against the built team server (`--http`): crafted headers before authentication,
 * connections that never send a request, more connections than the process has file descriptors, and the
 * Host/Origin/token edge cases of DNS-rebinding protection. Loopback only; every loop is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHttpServer, type SpawnedHttpServer } from '../../dev/bench/http.js';
import { bearerChecker } from '../../src/http/security.js';
import { tempDir } from '../helpers/env.js';
import { BIN } from '../helpers/stdio.js';
import { eventually, hangGuard } from '../helpers/poll.js';
import { growth } from './timing.js';

interface RawAnswer {
  /** The status line ('' when the server closed without answering). */
  status: string;
  text: string;
  ms: number;
}

/** Send raw bytes on a fresh connection and read until the server closes it (or `timeoutMs`). */
function rawExchange(port: number, request: string, timeoutMs = 15_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const done = (): void => {
      cancel();
      socket.destroy();
      resolve({ status: text.split('\r\n', 1)[0] ?? '', text, ms: Date.now() - started });
    };
    const cancel = hangGuard(timeoutMs, () => done());
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      text += d;
      // One answer is enough (the server may keep the connection open).
      const head = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text);
      if (head >= 0 && length && text.length >= head + 4 + Number(length[1])) done();
    });
    socket.on('close', done);
    socket.on('error', done);
    socket.write(request);
  });
}

const post = (headers: string, body = '{}'): string => `POST /mcp HTTP/1.1\r\n${headers}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

/** Open `n` connections that send `first` (possibly nothing) and then nothing more. */
async function holdConnections(port: number, n: number, first = ''): Promise<{ sockets: net.Socket[]; closed: () => number }> {
  const sockets: net.Socket[] = [];
  let closed = 0;
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve) => {
          const s = net.connect(port, '127.0.0.1', () => {
            if (first !== '') s.write(first);
            resolve();
          });
          s.on('error', () => resolve());
          s.on('close', () => {
            closed++;
            resolve();
          });
          sockets.push(s);
        }),
    ),
  );
  return { sockets, closed: () => closed };
}

describe('hostile HTTP requests and connections', () => {
  const TOKEN = 'fault-token-4e2a';
  let server: SpawnedHttpServer;
  const cwd = tempDir('acm-fault-http-');

  beforeAll(async () => {
    server = await spawnHttpServer(['--no-user', '--no-watch', '--token', TOKEN], { cwd });
  });
  afterAll(async () => {
    await server.stop('SIGKILL');
  });

  it('bearer parsing is linear: doubling a crafted Authorization header (spaces then a character) at most triples the time', () => {
    const check = bearerChecker(TOKEN);
    // 800 and 3,200 blanks: both under the 4 KB cap past which the header is not parsed at all.
    const ratio = growth((n) => {
      const header = `Bearer a${' '.repeat(n)}b`;
      return () => check(header);
    }, 800);
    expect(ratio).toBeLessThan(3);
    expect(check(`Bearer ${TOKEN}`)).toBe(true);
    expect(check(`Bearer a${' '.repeat(15_000)}b`)).toBe(false);
  });

  it('200 unauthenticated requests with a 15,000-space Authorization header are all refused (401) quickly, and the server keeps answering', async () => {
    const hostile = post(`Host: 127.0.0.1\r\nAuthorization: Bearer a${' '.repeat(15_000)}b\r\n`);
    const started = Date.now();
    const answers: RawAnswer[] = [];
    // 20 clients × 10 requests each.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let i = 0; i < 10; i++) answers.push(await rawExchange(server.port, hostile));
      }),
    );
    const elapsed = Date.now() - started;
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 200 }, () => 'HTTP/1.1 401 Unauthorized'));
    // Hang guard: on the quadratic parser this took ~100 s (0.5 s a request on one core).
    expect(elapsed).toBeLessThan(20_000);
    const health = await rawExchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(health.status).toBe('HTTP/1.1 200 OK');
  }, 60_000);

  it('an oversized header block is refused (431) and an oversized Authorization header gets 401 without being parsed', async () => {
    const huge = await rawExchange(server.port, post(`Host: 127.0.0.1\r\nX-Pad: ${'a'.repeat(40_000)}\r\n`));
    expect(huge.status).toMatch(/^HTTP\/1\.1 431/);
    const longAuth = await rawExchange(server.port, post(`Host: 127.0.0.1\r\nAuthorization: Bearer ${'x'.repeat(9_000)}\r\n`));
    expect(longAuth.status).toBe('HTTP/1.1 401 Unauthorized');
  });

  it('/healthz is answered only after the Host check (a DNS-rebinding page cannot read the counts)', async () => {
    const evil = await rawExchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n');
    expect(evil.status).toBe('HTTP/1.1 403 Forbidden');
    expect(evil.text).not.toMatch(/"agents"/);
    const evilOrigin = await rawExchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://rebind.attacker.example\r\nConnection: close\r\n\r\n');
    expect(evilOrigin.status).toBe('HTTP/1.1 403 Forbidden');
    const good = await rawExchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: localhost:1234\r\nConnection: close\r\n\r\n');
    expect(good.status).toBe('HTTP/1.1 200 OK');
    expect(good.text).toMatch(/"agents":\d+/);
  });

  it('two Host headers → 400, whichever comes first', async () => {
    for (const hosts of ['Host: 127.0.0.1\r\nHost: rebind.attacker.example\r\n', 'Host: rebind.attacker.example\r\nHost: 127.0.0.1\r\n', 'Host: 127.0.0.1\r\nHost: 127.0.0.1\r\n']) {
      const mcp = await rawExchange(server.port, post(`${hosts}Authorization: Bearer ${TOKEN}\r\n`));
      expect(mcp.status, hosts).toMatch(/^HTTP\/1\.1 400/);
      const health = await rawExchange(server.port, `GET /healthz HTTP/1.1\r\n${hosts}Connection: close\r\n\r\n`);
      expect(health.status, hosts).toMatch(/^HTTP\/1\.1 400/);
    }
  });

  it('Host names are compared as written: a trailing dot or another spelling of 127.0.0.1 is not loopback (403)', async () => {
    for (const host of ['127.0.0.1.', 'localhost.', '127.0.0.1.:3333', '2130706433', '0x7f.0.0.1', '127.1', '[0:0:0:0:0:0:0:1]', 'local%68ost', 'evil@127.0.0.1']) {
      const r = await rawExchange(server.port, post(`Host: ${host}\r\nAuthorization: Bearer ${TOKEN}\r\n`, '{"jsonrpc":"2.0","id":1,"method":"ping"}'));
      expect(r.status, host).toMatch(/^HTTP\/1\.1 (403|400)/);
    }
    for (const origin of ['http://127.0.0.1.', 'http://localhost.:3333', 'http://2130706433']) {
      const r = await rawExchange(server.port, post(`Host: 127.0.0.1\r\nOrigin: ${origin}\r\nAuthorization: Bearer ${TOKEN}\r\n`));
      expect(r.status, origin).toBe('HTTP/1.1 403 Forbidden');
    }
    // The accepted names still work, with or without a port, any case.
    for (const host of ['127.0.0.1', 'LOCALHOST:80', '[::1]:3333']) {
      const r = await rawExchange(server.port, post(`Host: ${host}\r\nAuthorization: Bearer ${TOKEN}\r\nAccept: application/json, text/event-stream\r\n`, '{"jsonrpc":"2.0","id":1,"method":"ping"}'));
      expect(r.status, host).toBe('HTTP/1.1 200 OK');
    }
  });

  it('connections that send nothing, or half a request, are closed by the server within the header timeout', async () => {
    const idle = await holdConnections(server.port, 40);
    const partial = await holdConnections(server.port, 40, 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    try {
      await eventually(() => idle.closed() + partial.closed(), (n) => n === 80, { timeoutMs: 45_000, stepMs: 250, what: 'the server to close all 80 silent connections' });
    } finally {
      for (const s of [...idle.sockets, ...partial.sockets]) s.destroy();
    }
  }, 60_000);
});

describe('the connection cap keeps file descriptors for the server itself', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('with 256 file descriptors, 400 held connections never exhaust them; the server keeps working once they are gone', async () => {
    // `ulimit -n` in a shell that then becomes the server (exec keeps the pid).
    child = spawn('sh', ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, BIN, '--http', '--port', '0', '--no-user', '--no-watch'], {
      cwd: tempDir('acm-fault-fd-'),
      env: { PATH: process.env.PATH ?? '', HOME: tempDir('acm-fault-fd-home-') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const listening = await eventually(() => /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr), (m) => m !== null || child?.exitCode !== null, { timeoutMs: 20_000, what: 'the "listening on" line' });
    const port = Number(listening?.[1]);
    expect(port, stderr).toBeGreaterThan(0);
    const pid = child.pid as number;
    const openFds = (): number => fs.readdirSync(`/proc/${pid}/fd`).length;
    const held = await holdConnections(port, 400, 'GET /healthz HTTP/1.1\r\n');
    let peak = 0;
    try {
      // Give the server time to accept (or refuse) them all: poll until the count settles.
      let last = -1;
      await eventually(
        async () => {
          const n = openFds();
          peak = Math.max(peak, n);
          const settled = n === last;
          last = n;
          return settled;
        },
        (settled) => settled,
        { timeoutMs: 20_000, stepMs: 200, what: 'the count of open file descriptors to settle' },
      );
      // At least 64 descriptors stay free for catalog, journal and cache files.
      expect(peak, stderr.slice(-2000)).toBeLessThanOrEqual(256 - 64);
    } finally {
      for (const s of held.sockets) s.destroy();
    }
    const health = await eventually(
      () => rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 5_000),
      (r) => r.status === 'HTTP/1.1 200 OK',
      { timeoutMs: 20_000, stepMs: 200, what: '/healthz to answer 200 once the held connections are gone' },
    ).catch((err: Error) => ({ status: err.message, text: '', ms: 0 }));
    expect(health.status, stderr.slice(-2000)).toBe('HTTP/1.1 200 OK');
    expect(stderr).not.toMatch(/EMFILE/);
  }, 60_000);
});

describe('blank tokens are refused at start', () => {
  const run = (args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const c = spawn(process.execPath, [BIN, '--http', '--port', '0', '--no-user', '--no-watch', ...args], {
        cwd: tempDir('acm-fault-token-'),
        env: { PATH: process.env.PATH ?? '', HOME: tempDir('acm-fault-token-home-'), ...env },
      });
      let stderr = '';
      c.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // A server that starts anyway is the failure being tested: stop it.
        if (/listening on/.test(stderr)) c.kill('SIGKILL');
      });
      const cancel = hangGuard(15_000, () => c.kill('SIGKILL'));
      c.on('exit', (code) => {
        cancel();
        resolve({ code, stderr });
      });
    });

  it('--token " ", --token "" and AGENT_CATALOG_TOKEN=" " exit with code 2 and say what to fix', async () => {
    for (const [args, env] of [
      [['--token', ' '], {}],
      [['--token', ''], {}],
      [['--token', '\t'], {}],
      [['--token', ' secret '], {}],
      [[], { AGENT_CATALOG_TOKEN: '   ' }],
      [['--host', '0.0.0.0', '--token', '  '], {}],
    ] as Array<[string[], Record<string, string>]>) {
      const r = await run(args, env);
      expect(r.code, `${JSON.stringify(args)} ${JSON.stringify(env)}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/token/i);
      expect(r.stderr).not.toMatch(/listening on/);
    }
  }, 60_000);
});
