/** Helpers that turn a domain result into an MCP tool result: structuredContent plus a readable text. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CatalogError } from '../../shared/errors.js';

export function ok<T extends Record<string, unknown>>(structured: T, text: string): CallToolResult & { structuredContent: T } {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

export function fail(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Expected failures (CatalogError) become isError results; anything else too, but logged as a bug. */
export function failFrom(err: unknown): CallToolResult {
  if (err instanceof CatalogError) return fail(`${err.code}: ${err.message}`);
  const message = err instanceof Error ? err.message : String(err);
  return fail(`INTERNAL: ${message}`);
}

/**
 * Annotations of a tool that changes nothing. destructiveHint and idempotentHint are left out: the protocol
 * gives them meaning only when readOnlyHint is false.
 */
export const readOnlyAnnotations = {
  readOnlyHint: true,
  openWorldHint: false,
} as const;
