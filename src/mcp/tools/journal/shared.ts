/** Schemas and text rendering shared by the journal tools. */
import { z } from 'zod';
import type { JournalService } from '../../../journal/service.js';
import { JOURNAL_TYPE_FILTERS, JOURNAL_TYPES, type EntryContent, type EntrySummary } from '../../../journal/types.js';

/** What the journal tools need from the server context. */
export interface JournalToolContext {
  journal: JournalService;
}

/** An optional `limit` from 1 to `max`, with messages that say what to send instead. */
export function limitSchema(max: number, description: string) {
  return z
    .number({ error: `limit must be a number from 1 to ${max}` })
    .int(`limit must be a whole number from 1 to ${max}`)
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`)
    .optional()
    .describe(description);
}

export const typeFilterSchema = z
  .enum(JOURNAL_TYPE_FILTERS, { error: 'type must be "project", "user" or "both"' })
  .optional()
  .describe('Default both.');

export const journalTypeSchema = z.enum(JOURNAL_TYPES);

export const entrySummarySchema = z.object({
  path: z.string(),
  type: journalTypeSchema,
  date: z.string(),
  title: z.string(),
  sections: z.array(z.string()),
  excerpt: z.string(),
});

export const entryContentSchema = entrySummarySchema.extend({
  sectionTexts: z.record(z.string(), z.string()),
  header: z.record(z.string(), z.unknown()),
  content: z.string(),
});

export function shortDate(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

export function renderSummary(e: EntrySummary, i: number): string {
  return (
    `${i + 1}. ${shortDate(e.date)} (${e.type}) ${e.title}\n` +
    `   Sections: ${e.sections.length > 0 ? e.sections.join(', ') : '(none)'}\n` +
    `   Path: ${e.path}\n` +
    `   Excerpt: ${e.excerpt}`
  );
}

export function renderContent(e: EntryContent): string {
  return `# ${e.title} (${e.type}, ${shortDate(e.date)})\nPath: ${e.path}\n\n${e.content.trim()}`;
}

/** Structured content must be a plain JSON object: spread the domain object into one. */
export function plain<T extends object>(value: T): T & Record<string, unknown> {
  return { ...value } as T & Record<string, unknown>;
}

/** Output fields saying whether the index answered, and why there is none when there is none. */
export const indexStatusOutput = {
  indexed: z.boolean(),
  indexNote: z.string().optional(),
};

/** `{indexed, indexNote?}` for a result, and the note as a line to append to its text ('' when none). */
export function indexStatus(journal: JournalService): { fields: { indexed: boolean; indexNote?: string }; line: string } {
  const note = journal.indexNote();
  return note === undefined ? { fields: { indexed: true }, line: '' } : { fields: { indexed: false, indexNote: note }, line: `\n(${note})` };
}
