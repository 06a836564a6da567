/**
 * A stdio server transport that a misbehaving client cannot knock over. Same wire format as the SDK's
 * StdioServerTransport (one JSON-RPC message per line), with these differences:
 *
 * - A line over `maxMessageBytes` is skipped up to its newline and the stream stays usable (the SDK's
 *   transport closes itself, leaving a live process that no longer reads stdin). If the line's top-level
 *   id can be read, the request gets a -32600 error instead of hanging its client.
 * - A line that is JSON with a method and a usable id but not a valid JSON-RPC 2.0 request (wrong
 *   `jsonrpc`, params that are not an object, …) gets a -32600 error with that id, as JSON-RPC requires;
 *   the SDK drops it silently and the client waits forever. Unparseable lines are logged and dropped.
 * - Framing is linear in the input size (no re-concatenation of the buffer per chunk).
 * - Writing to a closed stdout (the client went away: EPIPE) closes the transport instead of crashing the
 *   process with an unhandled 'error' event; one 'drain' wait is shared by all pending writes.
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../shared/logger.js';
import { silentLogger } from '../../shared/logger.js';

/** Same default as the SDK's stdio ReadBuffer. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** How much of an oversize line's start and end is kept to find its id. */
const SNIFF_BYTES = 4096;

export interface GuardedStdioOptions {
  maxMessageBytes?: number;
  logger?: Logger;
}

type Id = string | number;

function usableId(id: unknown): id is Id {
  return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id));
}

/** The top-level id of a (possibly cut) JSON object text: as its first member, right after "jsonrpc", or as its last member. */
export function sniffId(head: string, tail: string): Id | undefined {
  const value = String.raw`(-?\d{1,16}|"(?:[^"\\]|\\.){0,512}")`;
  const first = new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"[^"]*"\s*,\s*)?"id"\s*:\s*${value}\s*,`).exec(head);
  const last = new RegExp(String.raw`,\s*"id"\s*:\s*${value}\s*\}\s*$`).exec(tail);
  const raw = first?.[1] ?? last?.[1];
  if (raw === undefined) return undefined;
  try {
    const id: unknown = JSON.parse(raw);
    return usableId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Why a parsed JSON value is not an acceptable JSON-RPC message, in words a client author can act on. */
function invalidReason(value: Record<string, unknown>): string {
  if (value.jsonrpc !== '2.0') return `"jsonrpc" must be "2.0" (got ${JSON.stringify(value.jsonrpc) ?? 'nothing'})`;
  if (value.params !== undefined && (typeof value.params !== 'object' || value.params === null || Array.isArray(value.params))) return '"params" must be an object';
  return 'not a valid JSON-RPC 2.0 request';
}

export class GuardedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly maxBytes: number;
  private readonly logger: Logger;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Set while skipping an oversize line: its first bytes (for the id) and how many bytes it had. */
  private oversize: { head: Buffer; tail: Buffer; bytes: number } | undefined;
  private started = false;
  private closed = false;
  private drainWait: Promise<void> | undefined;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    options: GuardedStdioOptions = {},
  ) {
    this.maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('GuardedStdioTransport already started');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStdinError);
    this.stdout.on('error', this.onStdoutError);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStdinError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    // The stdout error handler stays: a write still in flight may fail after close.
    this.chunks = [];
    this.size = 0;
    this.oversize = undefined;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed || this.stdout.destroyed || this.stdout.writableEnded) return Promise.reject(new Error('stdout is closed; the client is gone'));
    const line = JSON.stringify(message) + '\n';
    if (this.stdout.write(line)) return Promise.resolve();
    this.drainWait ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.stdout.off('drain', done);
        this.stdout.off('close', done);
        this.drainWait = undefined;
        resolve();
      };
      this.stdout.on('drain', done);
      this.stdout.on('close', done);
    });
    return this.drainWait;
  }

  private readonly onStdinError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (this.closed) return;
    this.logger.info(`stdout failed (${error.code ?? error.message}): the client is gone; closing`);
    void this.close();
  };

  private readonly onData = (chunk: Buffer | string): void => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    while (start < buf.length && !this.closed) {
      const nl = buf.indexOf(0x0a, start);
      this.take(buf.subarray(start, nl === -1 ? buf.length : nl));
      if (nl === -1) break;
      this.endOfLine();
      start = nl + 1;
    }
  };

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.oversize) {
      this.oversize.bytes += piece.length;
      this.oversize.tail = Buffer.concat([this.oversize.tail, piece]).subarray(-SNIFF_BYTES);
      return;
    }
    if (this.size + piece.length > this.maxBytes) {
      const sofar = Buffer.concat([...this.chunks, piece]);
      this.oversize = { head: Buffer.from(sofar.subarray(0, SNIFF_BYTES)), tail: Buffer.from(sofar.subarray(-SNIFF_BYTES)), bytes: sofar.length };
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.chunks.push(piece);
    this.size += piece.length;
  }

  private endOfLine(): void {
    if (this.oversize) {
      const { head, tail, bytes } = this.oversize;
      this.oversize = undefined;
      this.rejectOversize(head.toString('utf8'), tail.toString('utf8').replace(/\r$/, ''), bytes);
      return;
    }
    const line = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.handleLine(line);
  }

  private rejectOversize(head: string, tail: string, bytes: number): void {
    const id = sniffId(head, tail);
    const what = `a message of ${bytes} bytes, over the ${this.maxBytes}-byte limit`;
    this.logger.warn(`skipped ${what}${id === undefined ? '' : ` (id ${JSON.stringify(id).slice(0, 80)})`}`);
    this.onerror?.(new Error(`skipped ${what}`));
    if (id !== undefined) this.reply(id, ErrorCode.InvalidRequest, `Message too large: ${what}.`);
  }

  private handleLine(line: Buffer): void {
    const text = line.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.drop(`not JSON (${(err as Error).message.slice(0, 120)})`);
      return;
    }
    let parsed: ReturnType<typeof JSONRPCMessageSchema.safeParse>;
    try {
      parsed = JSONRPCMessageSchema.safeParse(value);
    } catch (err) {
      // e.g. a stack overflow on absurdly nested input
      this.drop(`could not be checked (${(err as Error).message.slice(0, 120)})`);
      return;
    }
    if (parsed.success) {
      this.onmessage?.(parsed.data);
      return;
    }
    const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    if (obj && typeof obj.method === 'string' && usableId(obj.id)) {
      const reason = invalidReason(obj);
      this.drop(`invalid request ${JSON.stringify(obj.id).slice(0, 80)}: ${reason}`);
      this.reply(obj.id, ErrorCode.InvalidRequest, `Invalid request: ${reason}.`);
      return;
    }
    this.drop(Array.isArray(value) ? 'a JSON-RPC batch (not supported by MCP)' : 'not a JSON-RPC 2.0 message');
  }

  private drop(why: string): void {
    this.logger.debug(`dropped a line from the client: ${why}`);
    this.onerror?.(new Error(`invalid message: ${why}`));
  }

  private reply(id: Id, code: number, message: string): void {
    this.send({ jsonrpc: '2.0', id, error: { code, message } }).catch(() => undefined);
  }
}
