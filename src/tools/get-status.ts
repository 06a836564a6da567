/** Tool get_status: what this server is serving right now — catalog, journal, semantic layer, version. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { VERSION } from '../version.js';
import { ok, readOnlyAnnotations } from './result.js';

export const getStatusOutput = {
  version: z.string().describe('Server version.'),
  catalog: z
    .object({
      agents: z.number().int().describe('Agents served.'),
      skippedFiles: z.number().int().describe('Files skipped with a diagnostic (list_agents shows them).'),
      shadowed: z.number().int().describe('Agent names defined in more than one place.'),
      sources: z.array(z.object({ kind: z.string(), dir: z.string() })).describe('Agent folders, highest precedence first.'),
      sharedPromptDirs: z.array(z.string()).describe('Shared-prompt folders, in resolution order.'),
      loadedAt: z.string().describe('When the current catalog snapshot was built (ISO 8601).'),
      routingIndexReady: z.boolean().describe('The routing index of this catalog is built (it is built in the background after each load).'),
    })
    .describe('The agent catalog.'),
  journal: z
    .object({
      state: z.string().describe('idle, loading, indexing, ready, unindexed (no SQLite engine: queries scan the files) or closed.'),
      entries: z.number().int().describe('Entries in the index.'),
      indexed: z.boolean().describe('True once the full-text index answers searches (before that, or while it cannot be written, a scan does).'),
      degraded: z.string().optional().describe('Set while the index cannot be written (e.g. disk full): why; searches scan the files meanwhile.'),
      roots: z.array(z.object({ path: z.string(), types: z.array(z.string()), exists: z.boolean() })).describe('Journal roots.'),
      indexNote: z.string().optional().describe('Why there is no full-text index (no SQLite engine could be loaded), when there is none.'),
    })
    .describe('The private journal.'),
  semantic: z
    .object({
      enabled: z.boolean().describe('Asked for with --semantic / AGENT_CATALOG_SEMANTIC.'),
      state: z.string().describe('State of the offline sentence encoder.'),
      reason: z.string().optional().describe('Why semantic matching is off or unavailable.'),
      agentVectorsReady: z.boolean().describe('Agent vectors computed: match_agents can answer in hybrid mode.'),
    })
    .describe('The optional semantic (embedding) layer; everything works lexically without it.'),
};

export function registerGetStatus(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'get_status',
    {
      title: 'Server status',
      description: 'What the server is serving: agent count and folders, skipped files, journal index state, and whether semantic matching is on.',
      inputSchema: {},
      outputSchema: getStatusOutput,
      annotations: { title: 'Server status', ...readOnlyAnnotations, idempotentHint: false },
    },
    async () => {
      const snap = await ctx.catalog.ready();
      // The journal opens in the background after the catalog's first load; it is opened now (roots
      // resolved, index engine chosen) if it has not been, so a status right after start names them.
      await ctx.journal.whenLoaded();
      const j = ctx.journal.status();
      const s = ctx.semantic.status();
      const structured = {
        version: VERSION,
        catalog: {
          agents: snap.names.length,
          skippedFiles: snap.diagnostics.length,
          shadowed: snap.shadowed.length,
          sources: snap.sources.map((x) => ({ kind: x.kind, dir: x.dir })),
          sharedPromptDirs: [...snap.sharedPromptDirs],
          loadedAt: new Date(snap.loadedAt).toISOString(),
          routingIndexReady: ctx.routing.engineFor(snap).indexReady,
        },
        journal: {
          state: j.state,
          entries: j.entries,
          indexed: j.indexed,
          roots: j.roots.map((r) => ({ path: r.path, types: [...r.types], exists: r.exists })),
          ...(j.indexNote !== undefined ? { indexNote: j.indexNote } : {}),
          ...(j.degraded !== undefined ? { degraded: j.degraded } : {}),
        },
        semantic: { enabled: s.enabled, state: s.state, ...(s.reason !== undefined ? { reason: s.reason } : {}), agentVectorsReady: s.agents.ready },
      };
      const text = [
        `agent-catalog-mcp ${VERSION}`,
        `catalog: ${structured.catalog.agents} agents, ${structured.catalog.skippedFiles} skipped file(s), ${structured.catalog.shadowed} shadowed name(s)`,
        `journal: ${j.state}, ${j.entries} entries${j.indexNote !== undefined ? ` (${j.indexNote})` : j.degraded ? ` (${j.degraded})` : j.indexed ? '' : ' (index not ready: searches scan)'}`,
        `semantic: ${s.enabled ? s.state : 'off'}${s.reason ? ` (${s.reason})` : ''}`,
      ].join('\n');
      return ok(structured, text);
    },
  );
}
