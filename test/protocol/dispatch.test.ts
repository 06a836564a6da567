/**
 * The one way a tool runs (src/mcp/tools/dispatch.ts): tools defined as data, registered on a real McpServer
 * and called by an SDK Client. A handler's reply becomes structuredContent plus one text block; whatever it
 * throws becomes an isError result (input errors as their message, CatalogErrors with their code, anything
 * else INTERNAL); arguments that fail the input shape never reach the handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CatalogError } from '../../src/shared/errors.js';
import { registerTools } from '../../src/mcp/tools/dispatch.js';
import { defineTool, readOnlyAnnotations, ToolInputError } from '../../src/mcp/tools/tool.js';
import { TOOLS } from '../../src/mcp/tools/index.js';
import { REFERENCE_JOURNAL_TOOLS } from '../../src/mcp/tools/journal/index.js';
import { connect, testConfig, type Connected } from '../helpers/env.js';

/** The context the test tools run with: it counts the calls that reached a handler. */
interface Counter {
  handled: number;
}

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Answers with its word, or fails the way it is asked to.',
  input: { word: z.string().min(1), fail: z.enum(['input', 'catalog', 'bug', 'string', 'reply']).optional() },
  output: { word: z.string(), handled: z.number() },
  annotations: readOnlyAnnotations,
  handle(args, ctx: Counter) {
    ctx.handled++;
    if (args.fail === 'input') throw new ToolInputError(`word "${args.word}" is not one to echo: send another`);
    if (args.fail === 'catalog') throw new CatalogError('SOME_CODE', 'the domain refused');
    if (args.fail === 'bug') throw new TypeError('x is undefined');
    if (args.fail === 'string') throw 'a bare string' as unknown as Error;
    return { structured: { word: args.word, handled: ctx.handled }, text: `echo: ${args.word}`, isError: args.fail === 'reply' };
  },
});

let client: Client;
const counter: Counter = { handled: 0 };

beforeAll(async () => {
  const server = new McpServer({ name: 'dispatch-test', version: '1.0.0' });
  registerTools(server, counter, [echo]);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(b);
});
afterAll(async () => {
  await client.close();
});

const textOf = (r: Awaited<ReturnType<Client['callTool']>>): string => (r.content as Array<{ text: string }>)[0]?.text ?? '';

describe('tool dispatcher', () => {
  it('lists a tool exactly as defined', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['echo']);
    expect(tools[0]).toMatchObject({ title: 'Echo', description: echo.description, annotations: readOnlyAnnotations });
    expect(Object.keys((tools[0]?.inputSchema as { properties: object }).properties)).toEqual(['word', 'fail']);
  });

  it('turns a reply into structuredContent and one text block', async () => {
    const r = await client.callTool({ name: 'echo', arguments: { word: 'hi' } });
    expect(r.isError).toBeUndefined();
    expect(r.content).toEqual([{ type: 'text', text: 'echo: hi' }]);
    expect(r.structuredContent).toMatchObject({ word: 'hi' });
  });

  it('keeps the structured content of a reply marked as an error', async () => {
    const r = await client.callTool({ name: 'echo', arguments: { word: 'hi', fail: 'reply' } });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({ word: 'hi' });
  });

  it('maps each kind of thrown error to an isError result that says what happened', async () => {
    const cases = [
      ['input', 'word "w" is not one to echo: send another'],
      ['catalog', 'SOME_CODE: the domain refused'],
      ['bug', 'INTERNAL: x is undefined'],
      ['string', 'INTERNAL: a bare string'],
    ] as const;
    for (const [fail, text] of cases) {
      const r = await client.callTool({ name: 'echo', arguments: { word: 'w', fail } });
      expect(r.isError, fail).toBe(true);
      expect(textOf(r), fail).toBe(text);
      expect(r.structuredContent, fail).toBeUndefined();
    }
    // The server still answers after every kind of failure.
    expect(textOf(await client.callTool({ name: 'echo', arguments: { word: 'again' } }))).toBe('echo: again');
  });

  it('never calls the handler with arguments that fail the input shape', async () => {
    const before = counter.handled;
    const r = await client.callTool({ name: 'echo', arguments: { word: '' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/Input validation error/);
    expect(counter.handled).toBe(before);
  });
});

describe('the server registers its tools from the lists', () => {
  let full: Connected;
  beforeAll(async () => {
    full = await connect(testConfig({ noUser: true }));
  });
  afterAll(async () => {
    await full.close();
  });

  it('tools/list: the twelve tools in their order (TOOLS), each with its output schema and annotations', async () => {
    const { tools } = await full.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'list_agents',
      'get_agent_prompt',
      'search_journal',
      'read_journal_entry',
      'list_recent_entries',
      'read_recent_entries',
      'process_thoughts',
      'get_project_profile',
      'match_agents',
      'route_task',
      'get_status',
      'delegate',
    ]);
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    const annotations = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(annotations['list_agents']).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(annotations['process_thoughts']).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false });
    expect(annotations['delegate']).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
    for (const t of tools) {
      const def = TOOLS.find((d) => d.name === t.name);
      expect(t.outputSchema, t.name).toBeDefined();
      expect(t.annotations, t.name).toEqual(def?.annotations);
    }
    expect(new Set(TOOLS.map((t) => t.name)).size).toBe(TOOLS.length);
  });

  it('the journal-only list holds the reference server\'s four tools in its order', () => {
    expect(REFERENCE_JOURNAL_TOOLS.map((t) => t.name)).toEqual(['process_thoughts', 'search_journal', 'read_journal_entry', 'list_recent_entries']);
  });
});
