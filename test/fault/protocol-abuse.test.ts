/**
 * Protocol abuse over a real stdio process: 2,000 hostile or malformed messages, then a valid call.
 * The server must answer every well-formed request exactly once, never write anything but JSON-RPC to
 * stdout, and never exit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { assertCleanStdout, listNames, pick, rng, spawnRaw, type JsonRpcMessage, type RawServer, type ToolResult } from './helpers.js';

const BUNDLED = ['container-infrastructure-engineer', 'infrastructure-specialist', 'python-engineer', 'python-infrastructure-engineer', 'python-pro'];
const MB5 = 5 * 1024 * 1024;

/** What the server must do with one abusive message. */
type Expect =
  | { kind: 'none' } // not a request (or not parseable): no answer is required, any answer must be JSON-RPC
  | { kind: 'error'; id: string | number; code?: number } // a JSON-RPC error answer with this id
  | { kind: 'errorOrToolError'; id: string | number } // a JSON-RPC error, or a tool result with isError
  | { kind: 'result'; id: string | number; check?: (result: Record<string, unknown>) => void };

interface Abuse {
  category: string;
  bytes: Buffer;
  expect: Expect;
}

const line = (s: string | Buffer): Buffer => Buffer.concat([typeof s === 'string' ? Buffer.from(s) : s, Buffer.from('\n')]);
const json = (v: unknown): Buffer => line(JSON.stringify(v));

function buildAbuse(total: number): Abuse[] {
  const rand = rng(0x5eed);
  const out: Abuse[] = [];
  let n = 0;
  const id = (): string => `abuse-${++n}`;

  const invalidJson = [
    '{',
    '}',
    '{"jsonrpc":"2.0","id":',
    '{"jsonrpc":"2.0","method":"ping",}',
    "{'jsonrpc':'2.0','id':1,'method':'ping'}",
    'not json at all',
    'NaN',
    '{"jsonrpc":"2.0","id":1,"method":"ping"} trailing garbage',
    '{"jsonrpc":"2.0","id":1 "method":"ping"}',
    '[1,2,',
    '"just a string',
    '{"a":undefined}',
    '\u0000\u0001\u0002',
    '{"jsonrpc":"2.0","id":1,"method":"ping"}{"jsonrpc":"2.0","id":2,"method":"ping"}',
  ];
  const toolArgsAbuse: Array<[string, unknown]> = [
    ['list_agents', { limit: 'ten' }],
    ['list_agents', { limit: -1 }],
    ['list_agents', { limit: 1.5 }],
    ['list_agents', { limit: 1e308 }],
    ['list_agents', { source: 'galaxy' }],
    ['list_agents', { query: 42 }],
    ['list_agents', { query: ['a'] }],
    ['list_agents', { cursor: 'not-a-cursor' }],
    ['list_agents', { cursor: { o: 1 } }],
    ['get_agent_prompt', {}],
    ['get_agent_prompt', { name: 5 }],
    ['get_agent_prompt', { name: '' }],
    ['get_agent_prompt', { name: null }],
    ['get_agent_prompt', { name: { $ne: 1 } }],
    ['get_agent_prompt', { name: '../../../etc/passwd' }],
    ['get_agent_prompt', { name: 'python-pro', refresh: 'yes' }],
    ['get_agent_prompt', { name: 'no-such-agent' }],
    ['no_such_tool', {}],
  ];

  const kinds: Array<() => Abuse> = [
    // Invalid JSON.
    () => ({ category: 'invalid JSON', bytes: line(pick(rand, invalidJson)), expect: { kind: 'none' } }),
    // Wrong or missing jsonrpc member: an invalid request whose id is readable gets an Invalid Request error.
    () => {
      const version = pick(rand, ['1.0', 2, 2.0, null, '2', '2.0 ', undefined, true]);
      const i = id();
      const msg: Record<string, unknown> = { id: i, method: pick(rand, ['ping', 'tools/list', 'tools/call']) };
      if (version !== undefined) msg.jsonrpc = version;
      return { category: 'wrong jsonrpc', bytes: json(msg), expect: { kind: 'error', id: i, code: -32600 } };
    },
    // Unknown methods, including names that exist on Object.prototype.
    () => {
      const i = id();
      const method = pick(rand, ['foo/bar', 'tools/destroy', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'rpc.discover', 'tools/list/', 'TOOLS/LIST', 'x'.repeat(1000)]);
      return { category: 'unknown method', bytes: json({ jsonrpc: '2.0', id: i, method, params: {} }), expect: { kind: 'error', id: i, code: -32601 } };
    },
    // Wrong param types for real methods.
    () => {
      const i = id();
      const [tool, args] = pick(rand, toolArgsAbuse);
      return { category: 'wrong tool arguments', bytes: json({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: tool, arguments: args } }), expect: { kind: 'errorOrToolError', id: i } };
    },
    () => {
      const i = id();
      const [method, params] = pick(rand, [
        ['tools/call', 5],
        ['tools/call', 'list_agents'],
        ['tools/call', []],
        ['tools/call', { name: 5 }],
        ['tools/call', { name: 'list_agents', arguments: [] }],
        ['tools/call', { name: 'list_agents', arguments: 'x' }],
        ['tools/list', { cursor: 5 }],
        ['prompts/get', { name: 7 }],
        ['prompts/get', { name: 'no-such-agent' }],
        ['resources/read', { uri: 5 }],
        ['resources/read', { uri: 'agent://../../etc/passwd' }],
        ['resources/read', { uri: 'file:///etc/passwd' }],
        ['resources/read', { uri: 'agent://no-such-agent' }],
        ['logging/setLevel', { level: 'loud' }],
        ['completion/complete', { ref: 5 }],
      ] as Array<[string, unknown]>);
      return { category: 'wrong param types', bytes: json({ jsonrpc: '2.0', id: i, method, params }), expect: { kind: 'error', id: i } };
    },
    // Missing ids: a request without an id is a notification and must not be answered.
    () => ({
      category: 'missing id',
      bytes: json({ jsonrpc: '2.0', method: pick(rand, ['tools/call', 'ping', 'tools/list', 'no/such']), params: { name: 'list_agents', arguments: {} } }),
      expect: { kind: 'none' },
    }),
    // Ids of the wrong type (null, object, fraction, boolean): not valid requests.
    () => ({ category: 'bad id type', bytes: json({ jsonrpc: '2.0', id: pick(rand, [null, {}, [], 1.5, true]), method: 'ping' }), expect: { kind: 'none' } }),
    // Responses nobody asked for, and notifications that make no sense.
    () => ({
      category: 'unsolicited response / odd notification',
      bytes: json(
        pick(rand, [
          { jsonrpc: '2.0', id: 987654, result: {} },
          { jsonrpc: '2.0', id: 'nobody', error: { code: -1, message: 'x' } },
          { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'never-sent' } },
          { jsonrpc: '2.0', method: 'notifications/cancelled', params: 5 },
          { jsonrpc: '2.0', method: 'notifications/initialized' },
          { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
          { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 'x' } },
        ]),
      ),
      expect: { kind: 'none' },
    }),
    // JSON-RPC batches (removed from MCP): no answer required, must not disturb the server.
    () => ({ category: 'batch', bytes: json([{ jsonrpc: '2.0', id: id(), method: 'ping' }, { jsonrpc: '2.0', id: id(), method: 'tools/list' }]), expect: { kind: 'none' } }),
    // Invalid UTF-8: inside a string of an otherwise valid request (answered), and as bare bytes (not JSON).
    () => {
      const i = id();
      const bad = pick(rand, [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]);
      const bytes = Buffer.concat([
        Buffer.from(`{"jsonrpc":"2.0","id":"${i}","method":"tools/call","params":{"name":"get_agent_prompt","arguments":{"name":"python`),
        Buffer.from(bad),
        Buffer.from('-pro"}}}\n'),
      ]);
      return { category: 'invalid UTF-8 in a string', bytes, expect: { kind: 'errorOrToolError', id: i } };
    },
    () => ({ category: 'invalid UTF-8 bytes', bytes: line(Buffer.from([0xff, 0xfe, 0x7b, 0x80, 0x81, 0xc3, 0x28, 0x7d])), expect: { kind: 'none' } }),
    () => {
      const i = id();
      const bytes = Buffer.concat([Buffer.from(`{"jsonrpc":"2.0","id":"${i}","method":"tools/`), Buffer.from([0xff, 0xfe]), Buffer.from('list"}\n')]);
      return { category: 'invalid UTF-8 in a method name', bytes, expect: { kind: 'error', id: i, code: -32601 } };
    },
    // Prototype pollution attempts: must not change later answers (checked at the end).
    () => {
      const i = id();
      const raw = `{"jsonrpc":"2.0","id":"${i}","method":"tools/call","params":{"name":"list_agents","arguments":{"__proto__":{"limit":1,"query":"zzz"},"constructor":{"prototype":{"limit":1}}}}}`;
      return {
        category: 'prototype pollution',
        bytes: line(raw),
        expect: { kind: 'result', id: i, check: (r) => expect(listNames(r as ToolResult)).toEqual(BUNDLED) },
      };
    },
    // Odd but legal framing: CRLF line ends, blank and whitespace-only lines, leading whitespace.
    () => {
      const i = id();
      return { category: 'CRLF / whitespace framing', bytes: Buffer.from(`\r\n   \n\t\n  {"jsonrpc":"2.0","id":"${i}","method":"ping"}\r\n`), expect: { kind: 'result', id: i } };
    },
    // Valid calls in between: the server keeps answering correctly during the abuse.
    () => {
      const i = id();
      return {
        category: 'valid call in between',
        bytes: json({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'list_agents', arguments: {} } }),
        expect: { kind: 'result', id: i, check: (r) => expect(listNames(r as ToolResult)).toEqual(BUNDLED) },
      };
    },
    // Odd but valid ids: zero, negative, empty string, lone surrogate escapes: answered with the same id.
    () => {
      const k = ++n;
      const odd = pick(rand, [-1000 - k, `\ud800-${k}`, `a\u0000b-${k}`, ` ${k} `, `${k}`, Number.MAX_SAFE_INTEGER - k]);
      return { category: 'odd valid id', bytes: json({ jsonrpc: '2.0', id: odd, method: 'ping' }), expect: { kind: 'result', id: odd } };
    },
  ];

  // The big ones: 5 MB payloads of every shape, deeply nested JSON.
  const big = (): Abuse[] => {
    const huge = 'x'.repeat(MB5);
    const i = [id(), id(), id(), id(), id(), id()] as const;
    return [
      { category: '5 MB tool argument', bytes: json({ jsonrpc: '2.0', id: i[0], method: 'tools/call', params: { name: 'list_agents', arguments: { query: huge } } }), expect: { kind: 'errorOrToolError', id: i[0] } },
      { category: '5 MB agent name', bytes: json({ jsonrpc: '2.0', id: i[1], method: 'tools/call', params: { name: 'get_agent_prompt', arguments: { name: huge } } }), expect: { kind: 'errorOrToolError', id: i[1] } },
      { category: '5 MB params to an unknown method', bytes: json({ jsonrpc: '2.0', id: i[2], method: 'no/such', params: { blob: huge } }), expect: { kind: 'error', id: i[2], code: -32601 } },
      { category: '5 MB id', bytes: json({ jsonrpc: '2.0', id: `big-${huge}`, method: 'ping' }), expect: { kind: 'result', id: `big-${huge}` } },
      { category: '5 MB of whitespace before a valid ping', bytes: line(' '.repeat(MB5) + JSON.stringify({ jsonrpc: '2.0', id: i[3], method: 'ping' })), expect: { kind: 'result', id: i[3] } },
      { category: '5 MB unterminated JSON', bytes: line(`{"jsonrpc":"2.0","id":"${id()}","method":"ping","params":{"x":"${huge}`), expect: { kind: 'none' } },
      { category: '5 MB notification', bytes: json({ jsonrpc: '2.0', method: 'notifications/message', params: { data: huge } }), expect: { kind: 'none' } },
      { category: '5 MB of invalid UTF-8', bytes: line(Buffer.alloc(MB5, 0xff)), expect: { kind: 'none' } },
      {
        category: '5 MB arguments object with 100k keys',
        bytes: json({ jsonrpc: '2.0', id: i[4], method: 'tools/call', params: { name: 'list_agents', arguments: Object.fromEntries(Array.from({ length: 100_000 }, (_, k) => [`k${k}`, 'v'.repeat(40)])) } }),
        expect: { kind: 'result', id: i[4], check: (r) => expect(listNames(r as ToolResult)).toEqual(BUNDLED) },
      },
      { category: 'id 0', bytes: json({ jsonrpc: '2.0', id: 0, method: 'ping' }), expect: { kind: 'result', id: 0 } },
      { category: 'empty-string id', bytes: json({ jsonrpc: '2.0', id: '', method: 'ping' }), expect: { kind: 'result', id: '' } },
      {
        category: '5 MB of valid JSON nested in params._meta',
        bytes: json({ jsonrpc: '2.0', id: i[5], method: 'tools/list', params: { _meta: { blob: huge } } }),
        expect: { kind: 'result', id: i[5] },
      },
    ];
  };
  const deep = (): Abuse[] => {
    const arr = (d: number): string => '['.repeat(d) + ']'.repeat(d);
    const obj = (d: number): string => '{"a":'.repeat(d) + '1' + '}'.repeat(d);
    const i = [id(), id(), id(), id(), id()] as const;
    return [
      { category: 'deeply nested argument (100k arrays)', bytes: line(`{"jsonrpc":"2.0","id":"${i[0]}","method":"tools/call","params":{"name":"list_agents","arguments":{"query":${arr(100_000)}}}}`), expect: { kind: 'errorOrToolError', id: i[0] } },
      { category: 'deeply nested arguments (100k objects)', bytes: line(`{"jsonrpc":"2.0","id":"${i[1]}","method":"tools/call","params":{"name":"get_agent_prompt","arguments":${obj(100_000)}}}`), expect: { kind: 'errorOrToolError', id: i[1] } },
      { category: 'deeply nested params of an unknown method', bytes: line(`{"jsonrpc":"2.0","id":"${i[2]}","method":"no/such","params":${obj(100_000)}}`), expect: { kind: 'error', id: i[2], code: -32601 } },
      { category: 'deeply nested _meta (1M arrays)', bytes: line(`{"jsonrpc":"2.0","id":"${i[3]}","method":"ping","params":{"_meta":{"x":${arr(1_000_000)}}}}`), expect: { kind: 'none' } },
      { category: 'deeply nested top level (1M arrays)', bytes: line(arr(1_000_000)), expect: { kind: 'none' } },
      { category: 'deeply nested unterminated', bytes: line('['.repeat(500_000)), expect: { kind: 'none' } },
      { category: 'deeply nested id', bytes: line(`{"jsonrpc":"2.0","id":${arr(100_000)},"method":"ping"}`), expect: { kind: 'none' } },
      { category: 'deeply nested tools/list cursor', bytes: line(`{"jsonrpc":"2.0","id":"${i[4]}","method":"tools/list","params":{"cursor":${obj(100_000)}}}`), expect: { kind: 'error', id: i[4] } },
    ];
  };

  const heavy = [...big(), ...deep()];
  const every = Math.floor(total / heavy.length);
  let h = 0;
  while (out.length < total) {
    if (out.length % every === every - 1 && h < heavy.length) out.push(heavy[h++] as Abuse);
    else out.push((kinds[out.length % kinds.length] as () => Abuse)());
  }
  return out;
}

describe('protocol abuse over stdio', () => {
  let server: RawServer | undefined;
  afterEach(async () => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    server = undefined;
  });

  it('survives 2,000 malformed, oversized, nested and mis-encoded messages; answers every request once; stdout stays JSON-RPC', async () => {
    const started = Date.now();
    server = spawnRaw(['--no-user']);
    const s = server;
    const init = await s.initialize();
    expect((init.result as { serverInfo: { name: string } }).serverInfo.name).toBe('agent-catalog-mcp');

    const abuse = buildAbuse(2000);
    expect(abuse).toHaveLength(2000);
    for (const a of abuse) await s.write(a.bytes);
    // A valid call after everything: answered correctly, and proves every earlier line was consumed.
    const list = await s.callTool('list_agents', {}, 60_000);
    expect(listNames(list)).toEqual(BUNDLED);
    expect((list.structuredContent as { total: number }).total).toBe(5);
    const prompt = await s.callTool('get_agent_prompt', { name: 'python-engineer' });
    expect(prompt.isError).toBeFalsy();
    expect((prompt.structuredContent as { prompt: string }).prompt).toContain('## Core Responsibilities');
    expect((await s.request('ping')).result).toEqual({});

    // Every well-formed request got exactly one answer of the right kind.
    const problems: string[] = [];
    const byCategory = new Map<string, number>();
    for (const a of abuse) {
      byCategory.set(a.category, (byCategory.get(a.category) ?? 0) + 1);
      const e = a.expect;
      if (e.kind === 'none') continue;
      const got = s.responses.get(JSON.stringify(e.id)) ?? [];
      const label = `${a.category} (id ${JSON.stringify(e.id).slice(0, 40)})`;
      if (got.length !== 1) {
        problems.push(`${label}: ${got.length} answers`);
        continue;
      }
      const res = got[0] as JsonRpcMessage;
      if (e.kind === 'error') {
        if (!res.error) problems.push(`${label}: expected a JSON-RPC error, got ${JSON.stringify(res).slice(0, 200)}`);
        else if (e.code !== undefined && res.error.code !== e.code) problems.push(`${label}: error code ${res.error.code}, expected ${e.code}`);
      } else if (e.kind === 'errorOrToolError') {
        if (!res.error && (res.result as ToolResult | undefined)?.isError !== true) problems.push(`${label}: expected an error, got ${JSON.stringify(res).slice(0, 200)}`);
      } else {
        if (!res.result) problems.push(`${label}: expected a result, got ${JSON.stringify(res).slice(0, 200)}`);
        else
          try {
            e.check?.(res.result);
          } catch (err) {
            problems.push(`${label}: ${(err as Error).message.slice(0, 300)}`);
          }
      }
    }
    // Nothing answered twice (answers without an id, to requests whose id could not be read, may repeat).
    for (const [key, list] of s.responses) if (list.length > 1 && key !== 'null' && key !== 'undefined') problems.push(`id ${key.slice(0, 40)} answered ${list.length} times`);
    expect(problems).toEqual([]);

    // Every byte on stdout is JSON-RPC; the process never exited.
    expect(s.badLines).toEqual([]);
    const lines = assertCleanStdout(s.stdoutBytes());
    expect(lines).toBeGreaterThan(500);
    expect(s.exited()).toBe(false);
    const rss = s.peakRssMb();
    if (rss !== undefined) expect(rss).toBeLessThan(600);
    console.log(
      `[fault] protocol abuse: ${abuse.length} messages in ${byCategory.size} categories, ${lines} stdout lines, peak RSS ${rss?.toFixed(0)} MB, ${Date.now() - started} ms`,
    );

    const exit = await s.close();
    expect(exit.code).toBe(0);
  }, 90_000);

  it('lines over the transport limit (12 MB) are skipped, answered with an error when their id is readable, and the server keeps answering', async () => {
    server = spawnRaw(['--no-user']);
    const s = server;
    await s.initialize();
    const big = 'y'.repeat(12 * 1024 * 1024);
    // id near the start (jsonrpc, id, method, params), and id at the end (the SDK client's order: method, params, jsonrpc, id).
    await s.write(`{"jsonrpc":"2.0","id":"oversize-1","method":"tools/call","params":{"name":"list_agents","arguments":{"query":"${big}"}}}\n`);
    await s.write(`{"method":"tools/call","params":{"name":"get_agent_prompt","arguments":{"name":"${big}","id":"decoy"}},"jsonrpc":"2.0","id":"oversize-2"}\n`);
    // No id to be found, and a line that is not even JSON: skipped; the next line must parse normally.
    await s.write(`{"method":"ping","params":{"blob":"${big}"}}\n`);
    await s.write('z'.repeat(11 * 1024 * 1024) + '\n');
    const list = await s.callTool('list_agents', {}, 20_000);
    expect(listNames(list)).toEqual(BUNDLED);
    for (const id of ['oversize-1', 'oversize-2']) {
      const answers = s.responses.get(JSON.stringify(id)) ?? [];
      expect(answers, id).toHaveLength(1);
      expect(answers[0]?.error?.code, id).toBe(-32600);
    }
    expect(s.responses.has(JSON.stringify('decoy'))).toBe(false);
    expect(s.badLines).toEqual([]);
    assertCleanStdout(s.stdoutBytes());
    expect(s.exited()).toBe(false);
    expect((await s.close()).code).toBe(0);
  }, 60_000);
});
