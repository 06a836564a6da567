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

/** A required text argument whose messages name the field and say what to send instead. */
function requiredText(field: string, what: string, max: number, tooLong = '') {
  return z
    .string({ error: `${field} is required: ${what}` })
    .min(1, `${field} is empty: ${what}`)
    .max(max, `${field} is longer than ${max} characters${tooLong}`);
}

/** search_journal's query (both tool shapes; each adds its own description). */
export const querySchema = requiredText('query', 'give the words to look for, e.g. "async error handling"', 2000, ': use a few keywords');

/** read_journal_entry's path. */
export const entryPathSchema = requiredText('path', 'pass the path of an entry from search_journal or list_recent_entries', 4096);

/** search_journal's optional section filter. */
export const sectionsSchema = z
  .array(z.string().min(1).max(100), { error: 'sections must be a list of section names, e.g. ["technical_insights"]' })
  .max(20)
  .optional();

/** list_recent_entries' look-back in days (each tool shape adds its default or leaves it optional). */
export const daysSchema = z
  .number({ error: 'days must be a number of days, e.g. 30' })
  .positive('days must be more than 0, e.g. 30')
  .max(36500, 'days must be at most 36500');

const MAX_THOUGHT = 200_000;

/** One optional process_thoughts field. */
export function thoughtSchema(what: string): z.ZodOptional<z.ZodString> {
  return z
    .string({ error: 'each field must be text' })
    .max(MAX_THOUGHT, `a field is longer than ${MAX_THOUGHT} characters: split it over several entries`)
    .optional()
    .describe(what);
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
