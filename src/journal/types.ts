/** Core types of the journal domain. No SDK imports here. */
import type { Diagnostic } from '../catalog/types.js';

export type { Diagnostic };

/** Which journal an entry lives in: the project journal or the user (global) journal. */
export type JournalType = 'project' | 'user';
/** A filter over journal types, as the tools take it. */
export type JournalTypeFilter = JournalType | 'both';

export const JOURNAL_TYPES = ['project', 'user'] as const satisfies readonly JournalType[];
export const JOURNAL_TYPE_FILTERS = ['project', 'user', 'both'] as const satisfies readonly JournalTypeFilter[];

/** Where the entry time came from, best first. */
export type TimeSource = 'timestamp' | 'date' | 'heading' | 'path' | 'mtime' | 'none';

export interface JournalSection {
  /** The heading as written, e.g. "Technical Insights". */
  name: string;
  /** Normalised key, e.g. "technical_insights" (lower case, runs of non-alphanumerics as "_"). */
  key: string;
  /** Section text, trimmed, line ends normalised to \n. */
  text: string;
}

export interface JournalEntry {
  /** Absolute real path of the entry file. */
  path: string;
  type: JournalType;
  /** Entry time, epoch ms. */
  time: number;
  timeSource: TimeSource;
  title: string;
  /** Every key of the `---` header block, unknown keys included, as parsed. */
  header: Record<string, unknown>;
  hasHeader: boolean;
  /** `## ` sections in file order. */
  sections: JournalSection[];
  /** Text before the first `## ` section (without a leading `# ` title line); whole body for section-less entries. */
  preamble: string;
}

/** File identity used to skip re-reading unchanged files. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export interface JournalHit {
  path: string;
  type: JournalType;
  /** ISO 8601 time of the entry. */
  date: string;
  title: string;
  /** Section names present in the entry, as written. */
  sections: string[];
  score: number;
  /** The matching passage (or the start of the entry when nothing in particular matched). */
  excerpt: string;
  /** Section the excerpt comes from, when it comes from one. */
  excerptSection?: string;
}

/** Search options; an absent or undefined field takes its default (so tool arguments pass straight through). */
export interface SearchOptions {
  limit?: number | undefined;
  type?: JournalTypeFilter | undefined;
  /** Section names in either spelling: "technical_insights" or "Technical Insights". */
  sections?: readonly string[] | undefined;
}

export interface SearchOutcome {
  results: JournalHit[];
  /** True when the full-text index answered; false while it is being built (a scan answered). */
  indexed: boolean;
  /** Set when the index cannot be written and lacks entries: a scan answered instead, and this says why. */
  degraded?: string;
}

export interface EntrySummary {
  path: string;
  type: JournalType;
  date: string;
  title: string;
  sections: string[];
  excerpt: string;
}

export interface EntryContent extends EntrySummary {
  /** Section name → text (a repeated section name has its texts joined by a blank line). */
  sectionTexts: Record<string, string>;
  /** Header keys as parsed (title, date, timestamp, anything else). */
  header: Record<string, unknown>;
  /** Full file text as stored. */
  content: string;
}

/** The fields of process_thoughts (snake_case as in the reference server). */
export interface Thoughts {
  feelings?: string | undefined;
  reflections?: string | undefined;
  observations?: string | undefined;
  project_notes?: string | undefined;
  user_context?: string | undefined;
  technical_insights?: string | undefined;
  world_knowledge?: string | undefined;
}

export type ThoughtField = keyof Thoughts;

export interface WrittenEntry {
  path: string;
  type: JournalType;
  date: string;
  sections: string[];
}
