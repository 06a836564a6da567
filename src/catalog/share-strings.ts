/**
 * Equal strings in one agent record made one string: the frontmatter repeats the name, description, model
 * and colour, and the summary is the description itself when there are no examples. Parsing, cloning and
 * the parse cache each give every copy its own storage (~0.8 KB per agent, ~8 MB at 10,000 agents).
 */
import type { AgentRecord } from './types.js';

type Record_ = Omit<AgentRecord, 'body'>;

/** Interned source folders: every agent of a source names the same folder. */
const folders = new Map<string, string>();

export function shareRecordStrings<T extends Record_>(agent: T): T {
  if (agent.summary === agent.description) agent.summary = agent.description;
  const fm = agent.frontmatter;
  if (fm.name === agent.name) fm.name = agent.name;
  if (fm.description === agent.description) fm.description = agent.description;
  if (agent.model !== undefined && fm.model === agent.model) fm.model = agent.model;
  if (agent.color !== undefined && fm.color === agent.color) fm.color = agent.color;
  const folder = folders.get(agent.sourceDir);
  if (folder === undefined) {
    if (folders.size < 1024) folders.set(agent.sourceDir, agent.sourceDir);
  } else agent.sourceDir = folder;
  return agent;
}
