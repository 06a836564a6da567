/**
 * Per-agent tools (--agent-tools): each chosen agent as its own agent_<name> tool taking {task, context?},
 * delegating exactly like `delegate` with that agent. The set follows the catalog: after a reload that
 * changes it, tools are added, updated and removed in one synchronous pass, so the client gets a single
 * tools/list_changed (the server debounces that notification).
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../../app/context.js';
import type { CatalogSnapshot } from '../../catalog/types.js';
import type { AgentTool } from '../../delegate/agent-tools.js';
import { delegateContextSchema, delegateTaskSchema, delegateReply } from './delegate.js';
import { registerTool } from './dispatch.js';
import { defineTool, writeAnnotations, type Tool } from './tool.js';

const agentToolInput = { task: delegateTaskSchema, context: delegateContextSchema };

/** The tool of one agent; `agent()` names the agent it stands for in the current snapshot, read at call time. */
function agentTool(spec: AgentTool, agent: () => string): Tool<ServerContext> {
  return defineTool({
    name: spec.toolName,
    title: spec.title,
    description: spec.description,
    input: agentToolInput,
    annotations: writeAnnotations(true),
    handle: (args, ctx: ServerContext, call) => delegateReply(ctx, call, { agent: agent(), task: args.task, context: args.context }),
  });
}

/** Registers the tools of the current catalog and keeps them in step with reloads; returns the unsubscribe. */
export function registerAgentTools(server: McpServer, ctx: ServerContext): () => void {
  if (!ctx.config.delegate.agentTools) return () => undefined;
  const registered = new Map<string, { tool: RegisteredTool; description: string }>();
  /** Tool name → agent name, for the current snapshot (read by the handlers at call time). */
  const agentOf = new Map<string, string>();
  let closed = false;

  const sync = (snapshot: CatalogSnapshot): void => {
    if (closed) return;
    const selection = ctx.delegation.agentTools(snapshot);
    const wanted = new Map(selection.tools.map((t) => [t.toolName, t]));
    for (const [name, entry] of registered) {
      if (wanted.has(name)) continue;
      entry.tool.remove();
      registered.delete(name);
      agentOf.delete(name);
    }
    for (const t of selection.tools) {
      agentOf.set(t.toolName, t.agent);
      const have = registered.get(t.toolName);
      if (have) {
        if (have.description !== t.description) {
          have.tool.update({ description: t.description });
          have.description = t.description;
        }
        continue;
      }
      const tool = registerTool(server, ctx, agentTool(t, () => agentOf.get(t.toolName) ?? t.agent));
      registered.set(t.toolName, { tool, description: t.description });
    }
  };

  const onChange = ({ snapshot }: { snapshot: CatalogSnapshot }): void => sync(snapshot);
  ctx.catalog.on('change', onChange);
  if (ctx.catalog.loaded) sync(ctx.catalog.snapshot);
  else ctx.catalog.ready().then(sync, () => undefined);
  return () => {
    closed = true;
    ctx.catalog.off('change', onChange);
  };
}
