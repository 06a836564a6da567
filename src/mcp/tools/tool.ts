/**
 * Tools as data. A tool is its MCP definition (name, title, description, zod input and output shapes,
 * annotations) and one handler that takes parsed arguments and returns structured content with its readable
 * text. Handlers neither catch nor format errors: `dispatch.ts` runs every tool the same way.
 */
import type { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { CatalogError } from '../../shared/errors.js';

/** The request a handler answers: its cancellation signal, progress token, and a way to ask the client back. */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a handler gets besides its arguments and context: the server it runs on and the request. */
export interface ToolCall {
  readonly server: McpServer;
  readonly extra: ToolExtra;
}

/**
 * A handler's answer. `isError` marks an answer that reports a failure and still carries structured content
 * (a delegation whose agent failed); every other failure is thrown.
 */
export interface ToolReply<S extends Record<string, unknown> = Record<string, unknown>> {
  readonly structured: S;
  readonly text: string;
  readonly isError?: boolean;
}

/** A tool's output schema: a zod shape or an object schema. */
export type OutputSchema = z.ZodRawShape | z.ZodType<Record<string, unknown>>;

/** `T` with every array and field read-only at any depth: structured content is only read, never changed. */
type DeepReadonly<T> = T extends ReadonlyArray<infer U> ? ReadonlyArray<DeepReadonly<U>> : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/**
 * What structured content must satisfy for an output schema: what the SDK's check of it accepts, with
 * read-only arrays allowed (records from the domain are frozen values).
 */
export type StructuredOf<O extends OutputSchema | undefined> = Record<string, unknown> &
  (O extends z.ZodRawShape ? DeepReadonly<z.input<z.ZodObject<O>>> : O extends z.ZodType<Record<string, unknown>> ? DeepReadonly<z.input<O>> : unknown);

/** Arguments the handler cannot act on although they passed the schema (an empty task); the text says what to send. */
export class ToolInputError extends CatalogError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

/**
 * One tool. `C` is the context it needs (the server context, or only the journal in journal-only mode); `O`
 * its output schema, kept in the type so a tool derived from it can check its replies against it.
 */
export interface Tool<C, O extends OutputSchema | undefined = OutputSchema | undefined> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: z.ZodRawShape;
  /** Absent for tools whose result has no fixed shape (per-agent tools). */
  readonly output?: O;
  readonly annotations: ToolAnnotations;
  /** Takes arguments already parsed against `input` (the dispatcher guarantees it). */
  readonly handle: (args: unknown, ctx: C, call: ToolCall) => Promise<ToolReply>;
}

/**
 * What a tool file declares: the definition and a handler typed by its shapes: its arguments are what the
 * input shape parses to, its structured content must be what the output schema accepts.
 */
export interface ToolSpec<I extends z.ZodRawShape, O extends OutputSchema | undefined, C> extends Omit<Tool<C, O>, 'input' | 'handle'> {
  readonly input: I;
  handle(args: z.output<z.ZodObject<I>>, ctx: C, call: ToolCall): ToolReply<StructuredOf<O>> | Promise<ToolReply<StructuredOf<O>>>;
}

/**
 * A tool from its spec. The handler's argument type follows from the input shape; the one cast from the
 * dispatcher's `unknown` is here, where the shape and the handler are known to belong together.
 */
export function defineTool<I extends z.ZodRawShape, C, O extends OutputSchema | undefined = undefined>(spec: ToolSpec<I, O, C>): Tool<C, O> {
  const { handle, ...definition } = spec;
  return Object.freeze({
    ...definition,
    handle: async (args: unknown, ctx: C, call: ToolCall) => handle(args as z.output<z.ZodObject<I>>, ctx, call),
  });
}

/**
 * Annotations of a tool that changes nothing. destructiveHint and idempotentHint are left out: the protocol
 * gives them meaning only when readOnlyHint is false.
 */
export const readOnlyAnnotations = {
  readOnlyHint: true,
  openWorldHint: false,
} as const;

/** Annotations of a tool that writes or reaches outside the server (journal writes, delegation). */
export const writeAnnotations = (openWorld: boolean): ToolAnnotations => ({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: openWorld,
});
