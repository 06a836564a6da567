/**
 * The one way a tool runs: the SDK parses the arguments against the tool's input shape (a mismatch is an
 * isError result with the SDK's "Input validation error" text, and the handler is not called), the handler
 * answers, the answer becomes structuredContent plus one text block, and any thrown error becomes an
 * isError result that says what to fix.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CatalogError } from '../../shared/errors.js';
import { ToolInputError, type Tool, type ToolCall, type ToolReply } from './tool.js';

function toResult(reply: ToolReply): CallToolResult {
  return {
    content: [{ type: 'text', text: reply.text }],
    structuredContent: reply.structured,
    ...(reply.isError === true ? { isError: true } : {}),
  };
}

/**
 * A thrown error as a tool result. Input errors are their message alone (it names what to send instead);
 * other expected failures (CatalogError) lead with their stable code; anything else is a bug, marked
 * INTERNAL so it is told apart.
 */
function errorResult(err: unknown): CallToolResult {
  const text =
    err instanceof ToolInputError
      ? err.message
      : err instanceof CatalogError
        ? `${err.code}: ${err.message}`
        : `INTERNAL: ${err instanceof Error ? err.message : String(err)}`;
  return { content: [{ type: 'text', text }], isError: true };
}

/** Run one tool call (arguments already parsed) to its result; never throws. */
async function runTool<C>(tool: Tool<C>, ctx: C, args: unknown, call: ToolCall): Promise<CallToolResult> {
  try {
    return toResult(await tool.handle(args, ctx, call));
  } catch (err) {
    return errorResult(err);
  }
}

/** Register one tool on `server`; the returned handle can update or remove it (per-agent tools). */
export function registerTool<C>(server: McpServer, ctx: C, tool: Tool<C>): RegisteredTool {
  return server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      ...(tool.output !== undefined ? { outputSchema: tool.output } : {}),
      annotations: tool.annotations,
    },
    (args: unknown, extra) => runTool(tool, ctx, args, { server, extra }),
  );
}

/** Register every tool of a list, in its order (the order tools/list shows). */
export function registerTools<C>(server: McpServer, ctx: C, tools: readonly Tool<C>[]): void {
  for (const tool of tools) registerTool(server, ctx, tool);
}
