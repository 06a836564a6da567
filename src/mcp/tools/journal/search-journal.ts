/** Tool search_journal: full-text search over both journals, best match first, with the matching passage. */
import { z } from 'zod';
import { defineTool, readOnlyAnnotations, type StructuredOf, type ToolReply } from '../tool.js';
import { entrySummarySchema, querySchema, sectionsSchema, shortDate, typeFilterSchema, type JournalToolContext, limitSchema } from './shared.js';
import { searchJournalWithMode, type JournalMode } from '../../../journal/vectors.js';
import type { SemanticService } from '../../../app/semantic.js';
import type { JournalTypeFilter, SearchOptions } from '../../../journal/types.js';

export const searchJournalInput = {
  query: querySchema.describe("e.g. 'lessons about async patterns'."),
  limit: limitSchema(100, 'Default 10.'),
  type: typeFilterSchema,
  sections: sectionsSchema.describe('Only these sections, e.g. technical_insights.'),
  mode: z
    .enum(['lexical', 'semantic', 'hybrid'], { error: 'mode must be "lexical", "semantic" or "hybrid"' })
    .optional()
    .describe('lexical (default); semantic (by meaning) or hybrid (both). Lexical answers while vectors are built.'),
};

export const searchJournalOutput = {
  results: z.array(
    entrySummarySchema.pick({ path: true, type: true, date: true, title: true, sections: true }).extend({
      score: z.number(),
      excerpt: z.string(),
      excerptSection: z.string().optional(),
    }),
  ),
  indexed: z.boolean().describe('False: the files were scanned (index not built, unwritable or absent).'),
  indexNote: z.string().optional(),
  degraded: z.string().optional(),
  mode: z.enum(['lexical', 'semantic', 'hybrid']),
  modeNote: z.string().optional(),
};

/** What search_journal needs: the journal, and the semantic service when the server has one. */
type SearchContext = JournalToolContext & { semantic?: SemanticService };

/** The search_journal handler (also behind the reference-shaped tool of journal-only mode). */
export async function searchJournal(
  ctx: SearchContext,
  args: { query: string; limit?: number | undefined; type?: JournalTypeFilter | undefined; sections?: string[] | undefined; mode?: JournalMode | undefined },
): Promise<ToolReply<StructuredOf<typeof searchJournalOutput>>> {
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
          semantic?.enabled ? { vectors: semantic.journal(), queryVector: (t: string) => semantic.encode(t) } : undefined,
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
  return { structured, text: [text, ...[modeNote, indexNote, outcome.degraded].filter((n) => n !== undefined).map((n) => `(${n})`)].join('\n') };
}

export const searchJournalTool = defineTool({
  name: 'search_journal',
  title: 'Search journal',
  description:
    'Search your private journal (project and user) for past insights, best match first, with the passage that matched. Search before starting work.',
  input: searchJournalInput,
  output: searchJournalOutput,
  annotations: readOnlyAnnotations,
  handle: (args, ctx: SearchContext) => searchJournal(ctx, args),
});
