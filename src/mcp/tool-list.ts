/**
 * tools/list without the bytes that say nothing. The SDK converts every zod schema with its defaults, which
 * adds, per tool:
 *  - `"$schema": "http://json-schema.org/draft-07/schema#"` on the input and the output schema. Our schemas
 *    use only keywords that mean the same in draft-07 and in 2020-12 (the MCP default when `$schema` is
 *    absent), so the marker is dropped unless a schema uses one that does not (see DIALECT_KEYWORDS);
 *  - `"execution": {"taskSupport": "forbidden"}`, the protocol's default when `execution` is absent;
 *  - for every record field, `"propertyNames": {"type": "string"}` and `"additionalProperties": {}`, which
 *    accept everything (JSON keys are strings).
 * Nothing else changes: every field, type, enum, bound, `required` list and `additionalProperties: false`
 * stays, so structuredContent validates against the listed output schemas exactly as before.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
/** Keywords whose meaning differs between draft-07 and 2020-12 (an array `items` is checked apart). */
const DIALECT_KEYWORDS = new Set(['additionalItems', 'definitions', '$defs', '$ref', 'dependencies', 'prefixItems', '$recursiveRef', '$dynamicRef']);

/** Keywords whose values are data (not schemas): copied as they are. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'required']);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmptyObject = (v: unknown): boolean => isObject(v) && Object.keys(v).length === 0;

/** True when `schema` (at any depth) uses a keyword that draft-07 and 2020-12 read differently. */
function dialectDependent(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(dialectDependent);
  if (!isObject(schema)) return false;
  for (const [key, value] of Object.entries(schema)) {
    if (DIALECT_KEYWORDS.has(key) || (key === 'items' && Array.isArray(value))) return true;
    if (dialectDependent(value)) return true;
  }
  return false;
}

/** A copy of a schema node without the keywords that accept everything (see the module comment). */
function withoutVacuous(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutVacuous);
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'additionalProperties' && isEmptyObject(value)) continue;
    if (key === 'propertyNames' && isObject(value) && value['type'] === 'string' && Object.keys(value).length === 1) continue;
    if (DATA_KEYWORDS.has(key)) out[key] = value;
    // Property names are data, not keywords: a property called "additionalProperties" is kept as it is.
    else if (key === 'properties' && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutVacuous(v)]));
    else out[key] = withoutVacuous(value);
  }
  return out;
}

function compactSchema(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out = withoutVacuous(schema) as Json;
  if (out['$schema'] === DRAFT_07 && !dialectDependent(out)) delete out['$schema'];
  return out;
}

/** One tool definition of a tools/list result, compacted. */
export function compactToolDefinition(tool: Json): Json {
  const out: Json = { ...tool };
  if ('inputSchema' in out) out['inputSchema'] = compactSchema(out['inputSchema']);
  if ('outputSchema' in out) out['outputSchema'] = compactSchema(out['outputSchema']);
  const execution = out['execution'];
  if (isObject(execution) && execution['taskSupport'] === 'forbidden' && Object.keys(execution).length === 1) delete out['execution'];
  return out;
}

/**
 * Make `server` answer tools/list compacted. Call it before the first tool is registered: the SDK installs
 * its tools/list handler then, through `server.server.setRequestHandler`, and this wraps that handler.
 */
export function compactToolList(server: McpServer): void {
  const low = server.server;
  type Handler = (...args: unknown[]) => unknown;
  const install = low.setRequestHandler.bind(low) as unknown as (schema: unknown, handler: Handler) => void;
  const wrapped = (schema: unknown, handler: Handler): void =>
    install(
      schema,
      schema === ListToolsRequestSchema
        ? async (...args: unknown[]) => {
            const result = (await handler(...args)) as Json;
            return Array.isArray(result['tools']) ? { ...result, tools: (result['tools'] as Json[]).map(compactToolDefinition) } : result;
          }
        : handler,
    );
  low.setRequestHandler = wrapped as unknown as typeof low.setRequestHandler;
}
