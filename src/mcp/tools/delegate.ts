/**
 * Tool delegate: hand a task to a catalog agent and return its answer. The MCP side of delegation only:
 * whether the client can sample (and the port that asks it), progress notifications, the journal note, and
 * rendering; choosing the agent and running it is src/delegate's.
 */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CreateMessageResultWithToolsSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ServerContext } from '../../app/context.js';
import { chooseAgent, namedAgent } from '../../delegate/choose.js';
import { replyText } from '../../delegate/sampling.js';
import { delegationNote, formatMs, SamplingFailure, type DelegationResult, type SamplingPort } from '../../delegate/service.js';
import { routingEngine } from './match-agents.js';
import { defineTool, ToolInputError, writeAnnotations, type StructuredOf, type ToolCall, type ToolExtra, type ToolReply } from './tool.js';

const MAX_TASK_CHARS = 200_000;
const MAX_CONTEXT_CHARS = 1_000_000;

export const delegateTaskSchema = z
  .string()
  .min(1, 'task is empty: say what the agent should do')
  .max(MAX_TASK_CHARS, `task is longer than ${MAX_TASK_CHARS} characters: put material in context`)
  .describe('What the agent should do, self-contained.');
export const delegateContextSchema = z
  .string()
  .max(MAX_CONTEXT_CHARS, `context is longer than ${MAX_CONTEXT_CHARS} characters`)
  .optional()
  .describe('Code, errors, constraints it needs.');

export const delegateInput = {
  task: delegateTaskSchema,
  agent: z.string().max(200, 'agent is longer than 200 characters: agent names are short').optional().describe("Default: route_task's pick."),
  context: delegateContextSchema,
  record: z.boolean().optional().describe('Write a journal note.'),
};

/**
 * The core of the result; the structured content also carries skipped, routing, model, stopReason, runner,
 * durationMs and journal (a loose object, so the schema stays small in tools/list).
 */
export const delegateOutput = z.looseObject({
  agent: z.string(),
  method: z.enum(['sampling', 'runner', 'brief']),
  status: z.enum(['answered', 'brief', 'failed']),
  answer: z.string().optional(),
  brief: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** Sampling when this connection can do it: the client declared the capability and can be asked back. */
function samplingPort(server: McpServer, ctx: ServerContext, extra: ToolExtra): SamplingPort {
  if (ctx.config.http.enabled) return { available: false, reason: 'not available over stateless HTTP (the server cannot send requests back to the client)' };
  if (!server.server.getClientCapabilities()?.sampling) return { available: false, reason: 'the client did not declare the sampling capability' };
  return {
    available: true,
    sample: async (request, { signal, timeoutMs }) => {
      try {
        const result = await extra.sendRequest({ method: 'sampling/createMessage', params: request }, CreateMessageResultWithToolsSchema, { signal, timeout: timeoutMs });
        return { text: replyText(result.content) ?? '', model: result.model, stopReason: result.stopReason };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (signal.aborted) throw new SamplingFailure('cancelled', message);
        if (err instanceof McpError && err.code === (ErrorCode.RequestTimeout as number)) throw new SamplingFailure('timeout', message);
        throw new SamplingFailure('declined', message);
      }
    },
  };
}

function render(r: DelegationResult, journalNote: string | undefined): string {
  const how = r.method === 'runner' && r.runner ? `runner (${r.runner.name})` : r.method === 'sampling' && r.model ? `sampling (${r.model})` : r.method;
  const lines: string[] = [];
  if (r.routing) lines.push(`Agent chosen by routing: ${r.agent} (confidence ${r.routing.confidence.toFixed(2)}): ${r.routing.rationale}`);
  if (r.method !== 'brief' && r.skipped.length > 0) lines.push(`Not used: ${r.skipped.join('; ')}.`);
  if (r.status === 'answered') lines.push(`${r.agent} answered via ${how} in ${formatMs(r.durationMs)}:`, '', r.answer ?? '');
  else if (r.status === 'brief') lines.push(r.brief ?? '');
  else lines.push(`${r.agent} via ${how} failed: ${r.error?.code ?? 'ERROR'}: ${r.error?.message ?? ''}`);
  if (journalNote) lines.push('', journalNote);
  return lines.join('\n');
}

export interface DelegateArgs {
  task: string;
  agent?: string | undefined;
  context?: string | undefined;
  record?: boolean | undefined;
}

/** One delegation as a tool call: shared by delegate and the per-agent tools. A failed run is an isError reply. */
export async function delegateReply(ctx: ServerContext, { server, extra }: ToolCall, args: DelegateArgs): Promise<ToolReply<StructuredOf<typeof delegateOutput>>> {
  if (args.task.trim() === '') throw new ToolInputError('task is empty: say what the agent should do');
  // Without a named agent, routing picks one the way route_task does (waiting briefly for the agent vectors).
  const engine = namedAgent(args.agent) !== undefined ? ctx.routing.engineFor(await ctx.catalog.ready()) : await routingEngine(ctx);
  const choice = chooseAgent(engine, args.agent, args.task);
  if (!choice.ok) throw new ToolInputError(choice.message);
  const compiled = await ctx.prompts.build(engine.snapshot, choice.agent);
  const token = extra._meta?.progressToken;
  const progress =
    token === undefined
      ? undefined
      : (elapsedMs: number, message: string): void => {
          void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: elapsedMs / 1000, message } }).catch(() => undefined);
        };
  const result = await ctx.delegation.run(
    { agent: choice.agent, prompt: compiled.prompt, task: args.task, context: args.context, routed: choice.routed },
    { sampling: samplingPort(server, ctx, extra), signal: extra.signal, progress },
  );
  let journal: string | undefined;
  let journalNote: string | undefined;
  if (args.record) {
    try {
      journal = (await ctx.journal.write({ project_notes: delegationNote(result, args.task) }))[0]?.path;
      journalNote = `Recorded in the journal: ${journal ?? '(no file)'}`;
    } catch (err) {
      journalNote = `Could not record it in the journal: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return {
    structured: { ...result, ...(journal !== undefined ? { journal } : {}) },
    text: render(result, journalNote),
    isError: result.status === 'failed',
  };
}

export const delegateTool = defineTool({
  name: 'delegate',
  title: 'Delegate a task to an agent',
  description:
    "Hand a task to a catalog agent and get its answer (via MCP sampling with the user's consent, else the server's CLI runner), " +
    'or a brief for your own sub-agent.',
  input: delegateInput,
  output: delegateOutput,
  annotations: writeAnnotations(true),
  handle: (args, ctx: ServerContext, call) => delegateReply(ctx, call, args),
});
