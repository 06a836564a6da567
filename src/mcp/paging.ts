/** Opaque offset cursors for protocol list methods (prompts/list, resources/list). */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

export const PROTOCOL_PAGE_SIZE = 500;

export function pageOf<T>(items: readonly T[], cursor: string | undefined, size = PROTOCOL_PAGE_SIZE): { items: T[]; nextCursor?: string } {
  let offset = 0;
  if (cursor !== undefined) {
    const n = Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10);
    if (!Number.isInteger(n) || n < 0) throw new McpError(ErrorCode.InvalidParams, 'Invalid cursor: pass the nextCursor of a previous result.');
    offset = n;
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { items: page, nextCursor: Buffer.from(String(next)).toString('base64url') } : { items: page };
}
