/** Tool search_journal: full-text search over both journals, best match first, with the matching passage. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { failFrom, ok, readOnlyAnnotations } from '../result.js';
import { entrySummarySchema, shortDate, typeFilterSchema, type JournalToolContext, limitSchema } from './shared.js';
import { searchJournalWithMode, type JournalMode } from '../../semantic/journal.js';
import type { SemanticService } from '../../semantic/service.js';
import type { JournalTypeFilter, SearchOptions } from '../../journal/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const searchJournalInput = {
  query: z
    .string({ error: 'query is required: give the words to look for, e.g. "async error handling"' })
    .min(1, 'query is empty: give the words to look for, e.g. "async error handling"')
    .max(2000, 'query is longer than 2000 characters: use a few keywords')
    .describe("What to look for, in words (e.g. 'lessons about async patterns', 'what Jesse prefers in code review')."),
  limit: limitSchema(100, 'Maximum number of results (default 10, at most 100).'),
  type: typeFilterSchema,
  sections: z
    .array(z.string().min(1).max(100), { error: 'sections must be a list of section names, e.g. ["technical_insights"]' })
    .max(20)
    .optional()
    .describe(
      'Only entries with one of these sections, matching inside them. Either spelling works: "technical_insights" or "Technical Insights". ' +
        'Sections in use: reflections, observations, feelings, project_notes, user_context, technical_insights, world_knowledge.',
    ),
  mode: z
    .enum(['lexical', 'semantic', 'hybrid'], { error: 'mode must be "lexical", "semantic" or "hybrid"' })
    .optional()
    .describe(
      'lexical (default): full-text words. semantic: by meaning (sentence vectors; needs the server started with --semantic). ' +
        'hybrid: both fused. Falls back to lexical, saying so, while vectors are not ready.',
    ),
};

export const searchJournalOutput = {
  results: z
    .array(
      entrySummarySchema.pick({ path: true, type: true, date: true, title: true, sections: true }).extend({
        score: z.number().describe('Relevance (higher is better; comparable within one search only).'),
        excerpt: z.string().describe('The passage where the query words appear.'),
        excerptSection: z.string().optional().describe('Section the excerpt comes from.'),
      }),
    )
    .describe('Matching entries, best first (recency breaks ties).'),
  indexed: z.boolean().describe('True when the full-text index answered; false while it is still being built, cannot be written, or does not exist (a slower scan answered).'),
  indexNote: z.string().optional().describe('Why there is no full-text index (no SQLite engine could be loaded), when there is none.'),
  degraded: z.string().optional().describe('Set when the index cannot be written (e.g. disk full) and lacks entries: why, while a scan answers instead.'),
  mode: z.enum(['lexical', 'semantic', 'hybrid']).describe('Which mode answered (lexical when semantic or hybrid was asked for but is not ready).'),
  modeNote: z.string().optional().describe('Why the asked-for mode did not answer, when it did not.'),
};

export function registerSearchJournal(server: McpServer, ctx: JournalToolContext & { semantic?: SemanticService }): void {
  server.registerTool(
    'search_journal',
    {
      title: 'Search journal',
      description:
        'Search your private journal (project and user entries) for past insights, lessons and notes. Full-text, offline and instant: ' +
        'results are ranked by relevance, newest first among equals, each with the passage that matched. Search before starting work; ' +
        'read a whole entry with read_journal_entry.',
      inputSchema: searchJournalInput,
      outputSchema: searchJournalOutput,
      annotations: { title: 'Search journal', ...readOnlyAnnotations },
    },
    (args) => searchJournalTool(ctx, args),
  );
}

/** The search_journal handler (also behind the reference-shaped tool of journal-only mode). */
export async function searchJournalTool(
  ctx: JournalToolContext & { semantic?: SemanticService },
  args: { query: string; limit?: number | undefined; type?: JournalTypeFilter | undefined; sections?: string[] | undefined; mode?: JournalMode | undefined },
): Promise<CallToolResult> {
  try {
    const opts: SearchOptions = { limit: args.limit, type: args.type, sections: args.sections };
    const mode: JournalMode = args.mode ?? 'lexical';
    const semantic = ctx.semantic;
    const outcome =
      mode === 'lexical'
        ? { ...(await ctx.journal.search(args.query, opts)), mode: 'lexical' as const }
        : await searchJournalWithMode(
            ctx.journal,
            args.query,
            opts,
            mode,
            semantic?.enabled ? { vectors: semantic.journal(), queryVector: (t: string) => semantic.queryVector(t) } : undefined,
          );
    const { results } = outcome;
    const modeNote = 'note' in outcome ? outcome.note : undefined;
    const indexNote = ctx.journal.indexNote();
    const text =
      results.length === 0
        ? `No relevant entries found for "${args.query}".${args.sections ? ` (only sections: ${args.sections.join(', ')})` : ''}${args.type && args.type !== 'both' ? ` (only the ${args.type} journal)` : ''}`
        : `Found ${results.length} relevant entr${results.length === 1 ? 'y' : 'ies'}${outcome.indexed ? '' : indexNote ? ' (no index; scanned the files)' : outcome.degraded ? ' (index cannot be written; scanned)' : ' (index still building; scanned)'}:\n\n` +
          results
            .map(
              (r, i) =>
                `${i + 1}. [Score: ${r.score.toFixed(3)}] ${shortDate(r.date)} (${r.type})\n` +
                `   Sections: ${r.sections.length > 0 ? r.sections.join(', ') : '(none)'}\n` +
                `   Path: ${r.path}\n` +
                `   Excerpt: ${r.excerptSection ? `[${r.excerptSection}] ` : ''}${r.excerpt}`,
            )
            .join('\n\n');
    const structured: { results: typeof results; indexed: boolean; indexNote?: string; degraded?: string; mode: JournalMode; modeNote?: string } = {
      results: results.map((r) => ({ ...r })),
      indexed: outcome.indexed,
      mode: outcome.mode,
    };
    if (indexNote !== undefined) structured.indexNote = indexNote;
    if (outcome.degraded !== undefined) structured.degraded = outcome.degraded;
    if (modeNote !== undefined) structured.modeNote = modeNote;
    return ok(structured, [text, ...[modeNote, indexNote, outcome.degraded].filter((n) => n !== undefined).map((n) => `(${n})`)].join('\n'));
  } catch (err) {
    return failFrom(err);
  }
}
