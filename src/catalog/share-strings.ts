/**
 * Equal strings in one agent record made one string: the frontmatter repeats the name, description, model
 * and colour, and the summary is the description itself when there are no examples. Parsing, cloning and
 * the parse cache each give every copy its own storage (docs/decisions.md, "Catalog: records hold only
 * their own strings").
 */
import type { AgentRecord } from './types.js';

/** A record while it is being made (before it is frozen). */
type RecordDraft = { -readonly [K in keyof AgentRecord]: AgentRecord[K] } & { frontmatter: Record<string, unknown> };

/** Most interned source folders kept by one load (every agent of a source names the same folder). */
const MAX_FOLDERS = 1024;

/**
 * Shares `agent`'s repeated strings, in place, before the record is frozen. `folders` interns source folder
 * paths across the records of one load (cache read or snapshot build): its owner makes one per load.
 */
export function shareRecordStrings(agent: AgentRecord, folders: Map<string, string>): AgentRecord {
  const a = agent as RecordDraft;
  if (a.summary === a.description) a.summary = a.description;
  const fm = a.frontmatter;
  if (fm.name === a.name) fm.name = a.name;
  if (fm.description === a.description) fm.description = a.description;
  if (a.model !== undefined && fm.model === a.model) fm.model = a.model;
  if (a.color !== undefined && fm.color === a.color) fm.color = a.color;
  const folder = folders.get(a.sourceDir);
  if (folder === undefined) {
    if (folders.size < MAX_FOLDERS) folders.set(a.sourceDir, a.sourceDir);
  } else a.sourceDir = folder;
  return agent;
}
