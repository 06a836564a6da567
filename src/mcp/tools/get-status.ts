/** Tool get_status: what this server is serving right now — catalog, journal, semantic layer, version. */
import { z } from 'zod';
import type { ServerContext } from '../../app/context.js';
import { VERSION } from '../../shared/version.js';
import { defineTool, readOnlyAnnotations } from './tool.js';

export const getStatusOutput = {
  version: z.string(),
  catalog: z.object({
    agents: z.number(),
    skippedFiles: z.number(),
    shadowed: z.number(),
    sources: z.array(z.object({ kind: z.string(), dir: z.string() })),
    sharedPromptDirs: z.array(z.string()),
    loadedAt: z.string(),
    routingIndexReady: z.boolean(),
  }),
  journal: z.object({
    state: z.string(),
    entries: z.number(),
    indexed: z.boolean(),
    degraded: z.string().optional(),
    roots: z.array(z.object({ path: z.string(), types: z.array(z.string()), exists: z.boolean() })),
    indexNote: z.string().optional(),
  }),
  semantic: z.object({
    enabled: z.boolean(),
    state: z.string().describe('off, loading, ready, unavailable (matching by words only; see reason) or closed.'),
    model: z.string().optional(),
    reason: z.string().optional(),
    agentVectorsReady: z.boolean(),
  }),
};

export const getStatusTool = defineTool({
  name: 'get_status',
  title: 'Server status',
  description: 'What the server serves: agents, folders, skipped files, journal index and semantic state.',
  input: {},
  output: getStatusOutput,
  annotations: readOnlyAnnotations,
  async handle(_args, ctx: ServerContext) {
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
      semantic: {
        enabled: s.enabled,
        state: s.state,
        ...(s.model !== undefined ? { model: s.model } : {}),
        ...(s.reason !== undefined ? { reason: s.reason } : {}),
        agentVectorsReady: ctx.routing.engineFor(snap).agentVectors !== undefined,
      },
    };
    const text = [
      `agent-catalog-mcp ${VERSION}`,
      `catalog: ${structured.catalog.agents} agents, ${structured.catalog.skippedFiles} skipped file(s), ${structured.catalog.shadowed} shadowed name(s)`,
      `journal: ${j.state}, ${j.entries} entries${j.indexNote !== undefined ? ` (${j.indexNote})` : j.degraded ? ` (${j.degraded})` : j.indexed ? '' : ' (index not ready: searches scan)'}`,
      `semantic: ${s.enabled ? s.state : 'off'}${s.reason ? ` (${s.reason})` : ''}`,
    ].join('\n');
    return { structured, text };
  },
});
