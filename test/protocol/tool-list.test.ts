/**
 * tools/list is sent without the SDK's default-valued and vacuous schema parts (src/tool-list.ts), and
 * nothing else changes: every tool keeps its fields, types, required lists and closed output objects, and
 * the SDK client (which validates structuredContent against the listed output schemas) accepts every answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactToolDefinition } from '../../src/mcp/tool-list.js';
import { connect, testConfig, type Connected } from '../helpers/env.js';

let bundled: Connected;

beforeAll(async () => {
  bundled = await connect(testConfig({ noUser: true }));
});
afterAll(async () => {
  await bundled.close();
});

/** Every object node of a JSON value, with its path. */
function nodes(value: unknown, path = ''): Array<{ path: string; node: Record<string, unknown> }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => nodes(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const node = value as Record<string, unknown>;
  return [{ path, node }, ...Object.entries(node).flatMap(([k, v]) => nodes(v, `${path}.${k}`))];
}

describe('tools/list', () => {
  it('carries no draft-07 marker, default execution or vacuous record keywords', async () => {
    const { tools } = await bundled.client.listTools();
    expect(tools.length).toBeGreaterThan(5);
    for (const tool of tools) {
      expect(tool, tool.name).not.toHaveProperty('execution');
      expect(tool.inputSchema, tool.name).not.toHaveProperty('$schema');
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.outputSchema, tool.name).not.toHaveProperty('$schema');
      for (const { path, node } of nodes(tool.outputSchema)) {
        expect(node.additionalProperties, `${tool.name}${path}`).not.toEqual({});
        expect(node.propertyNames, `${tool.name}${path}`).toBeUndefined();
      }
    }
  });

  it('keeps output objects closed and their required fields', async () => {
    const { tools } = await bundled.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    const prompt = byName.get('get_agent_prompt')?.outputSchema as { additionalProperties?: unknown; required?: string[]; properties?: Record<string, { type?: string }> };
    expect(prompt.additionalProperties).toBe(false);
    expect(prompt.required).toEqual(expect.arrayContaining(['name', 'prompt', 'frontmatter', 'includes', 'unresolved', 'stale', 'filled', 'unfilled']));
    // A record field stays an object (only its always-true keywords went).
    expect(prompt.properties?.frontmatter).toEqual({ type: 'object' });
    const list = byName.get('list_agents')?.outputSchema as { properties?: Record<string, { items?: { additionalProperties?: unknown; required?: string[] } }> };
    expect(list.properties?.agents?.items?.additionalProperties).toBe(false);
    expect(list.properties?.agents?.items?.required).toEqual(['name', 'summary', 'source', 'path', 'exampleCount', 'boundaryCount']);
  });

  it('answers still validate against the listed output schemas (the SDK client checks each call)', async () => {
    await bundled.client.listTools();
    const calls: Array<[string, Record<string, unknown>]> = [
      ['list_agents', {}],
      ['get_agent_prompt', { name: 'python-pro' }],
      ['match_agents', { task: 'write python tests' }],
      ['route_task', { task: 'write python tests' }],
      ['get_status', {}],
      ['search_journal', { query: 'anything' }],
      ['list_recent_entries', {}],
      ['read_recent_entries', {}],
    ];
    for (const [name, args] of calls) {
      const r = await bundled.client.callTool({ name, arguments: args });
      expect(r.isError, name).toBeFalsy();
      expect(r.structuredContent, name).toBeDefined();
    }
  });
});

describe('compactToolDefinition', () => {
  const draft07 = 'http://json-schema.org/draft-07/schema#';

  it('keeps the draft-07 marker when a keyword reads differently in 2020-12', () => {
    const tuple = { type: 'object', properties: { pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] } }, $schema: draft07 };
    expect(compactToolDefinition({ name: 't', inputSchema: tuple }).inputSchema).toHaveProperty('$schema', draft07);
    const withRef = { type: 'object', properties: { a: { $ref: '#/definitions/x' } }, definitions: { x: { type: 'string' } }, $schema: draft07 };
    expect(compactToolDefinition({ name: 't', outputSchema: withRef }).outputSchema).toHaveProperty('$schema', draft07);
  });

  it('leaves property names, data keywords and a non-default execution alone', () => {
    const schema = {
      type: 'object',
      properties: { additionalProperties: { type: 'string', default: { additionalProperties: {} } }, propertyNames: { type: 'string', enum: ['a'] } },
      additionalProperties: false,
      $schema: draft07,
    };
    const out = compactToolDefinition({ name: 't', inputSchema: schema, execution: { taskSupport: 'optional' } });
    expect(out.execution).toEqual({ taskSupport: 'optional' });
    expect(out.inputSchema).toEqual({
      type: 'object',
      properties: { additionalProperties: { type: 'string', default: { additionalProperties: {} } }, propertyNames: { type: 'string', enum: ['a'] } },
      additionalProperties: false,
    });
  });

  it('drops a record field\'s always-true keywords but not a constraint on its values', () => {
    const schema = {
      type: 'object',
      properties: {
        any: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
        texts: { type: 'object', propertyNames: { type: 'string', maxLength: 3 }, additionalProperties: { type: 'string' } },
      },
    };
    expect(compactToolDefinition({ name: 't', outputSchema: schema }).outputSchema).toEqual({
      type: 'object',
      properties: {
        any: { type: 'object' },
        texts: { type: 'object', propertyNames: { type: 'string', maxLength: 3 }, additionalProperties: { type: 'string' } },
      },
    });
  });
});
