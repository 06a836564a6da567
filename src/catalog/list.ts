/** Listing the catalog: filter by words and source, page with an opaque cursor. */
import { CatalogError } from '../shared/errors.js';
import type { AgentRecord, CatalogSnapshot, SourceKind } from './types.js';

export const SOURCE_KINDS = ['flag', 'project', 'user', 'bundled'] as const satisfies readonly SourceKind[];

export interface ListArgs {
  query?: string | undefined;
  source?: SourceKind | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface AgentSummary {
  [key: string]: unknown;
  name: string;
  summary: string;
  model?: string;
  color?: string;
  tools?: readonly string[];
  source: SourceKind;
  path: string;
  exampleCount: number;
  boundaryCount: number;
}

export interface ListPage {
  [key: string]: unknown;
  agents: AgentSummary[];
  total: number;
  nextCursor?: string;
  /** Files skipped with a diagnostic, and agent names defined more than once (on every page). */
  skippedCount: number;
  shadowedCount: number;
  /** The diagnostics and shadowed names themselves: on the first page only (no cursor). */
  diagnostics?: Array<{ path: string; code: string; reason: string }>;
  shadowed?: Array<{ name: string; winner: string; shadowed: string }>;
}

export const DEFAULT_PAGE_SIZE = 100;

/** Counts that other domains add to a summary (routing adds boundaries). */
export type BoundaryCounter = (snapshot: CatalogSnapshot, agent: AgentRecord) => number;

export function summarizeAgent(agent: AgentRecord, boundaryCount = 0): AgentSummary {
  const s: AgentSummary = {
    name: agent.name,
    summary: agent.summary,
    source: agent.source,
    path: agent.path,
    exampleCount: agent.examples.length,
    boundaryCount,
  };
  if (agent.model !== undefined) s.model = agent.model;
  if (agent.color !== undefined) s.color = agent.color;
  if (agent.tools !== undefined) s.tools = agent.tools;
  return s;
}

function encodeCursor(offset: number, version: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: version })).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

/** One page of the catalog, filtered. Throws CatalogError INVALID_CURSOR for a cursor this module did not issue. */
export function listAgents(snapshot: CatalogSnapshot, args: ListArgs, countBoundaries: BoundaryCounter = () => 0): { page: ListPage; offset: number } {
  const words = (args.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches: AgentRecord[] = [];
  for (const name of snapshot.names) {
    const agent = snapshot.agents.get(name);
    if (!agent) continue;
    if (args.source && agent.source !== args.source) continue;
    if (words.length > 0) {
      const hay = `${agent.name} ${agent.summary} ${(agent.tools ?? []).join(' ')}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
    }
    matches.push(agent);
  }
  let offset = 0;
  if (args.cursor !== undefined) {
    const decoded = decodeCursor(args.cursor);
    if (decoded === undefined) {
      throw new CatalogError('INVALID_CURSOR', 'cursor is not one this server issued; pass the nextCursor value from a previous list_agents result, or omit it to start from the first page.');
    }
    offset = decoded;
  }
  const limit = args.limit ?? DEFAULT_PAGE_SIZE;
  const slice = matches.slice(offset, offset + limit);
  const page: ListPage = {
    agents: slice.map((a) => summarizeAgent(a, countBoundaries(snapshot, a))),
    total: matches.length,
    skippedCount: snapshot.diagnostics.length,
    shadowedCount: snapshot.shadowed.length,
  };
  if (offset + limit < matches.length) page.nextCursor = encodeCursor(offset + limit, snapshot.version);
  // Sent once per listing rather than with every page (docs/decisions.md, "Catalog: skipped files and
  // shadowed names on the first page only").
  if (args.cursor === undefined) {
    page.diagnostics = snapshot.diagnostics.map((d) => ({ path: d.path, code: d.code, reason: d.message }));
    page.shadowed = snapshot.shadowed.map((s) => ({ ...s }));
  }
  return { page, offset };
}
