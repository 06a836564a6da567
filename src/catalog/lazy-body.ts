/**
 * Agent bodies are not kept in memory: at 10,000 agents they are ~70 MB of text, most of it never read.
 * A record keeps where its body starts and the file's stamp; `agent.body` reads it back on demand. If the
 * file changed since the snapshot was built, the body of the file's current, complete version is returned
 * (the watcher swaps in a new snapshot moments later); a file that is gone raises a clear error.
 */
import { readFileSync, statSync } from 'node:fs';
import { CatalogError } from '../errors.js';
import { readFrontmatter } from './frontmatter.js';
import type { AgentRecord } from './types.js';

export interface BodyLocation {
  /** Character offset of the body in the decoded file text. */
  offset: number;
  mtimeMs: number;
  size: number;
}

export class AgentFileGoneError extends CatalogError {
  constructor(name: string, filePath: string) {
    super('AGENT_FILE_GONE', `The file of agent "${name}" (${filePath}) was removed or became unreadable since the catalog was loaded; call list_agents for the current catalog.`);
  }
}

function readBody(agent: Pick<AgentRecord, 'name' | 'path'>, loc: BodyLocation): string {
  let text: string;
  let changed: boolean;
  try {
    const st = statSync(agent.path);
    text = readFileSync(agent.path, 'utf8');
    changed = st.mtimeMs !== loc.mtimeMs || st.size !== loc.size;
  } catch {
    throw new AgentFileGoneError(agent.name, agent.path);
  }
  return changed ? readFrontmatter(text).body : text.slice(loc.offset);
}

/** Give `agent` a lazy, non-enumerable `body` property backed by its file. */
export function attachLazyBody<T extends Omit<AgentRecord, 'body'>>(agent: T, loc: BodyLocation): T & AgentRecord {
  Object.defineProperty(agent, 'body', {
    get: () => readBody(agent, loc),
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(agent, 'bodyLocation', { value: loc, enumerable: false, configurable: true });
  return agent as T & AgentRecord;
}

export function bodyLocationOf(agent: AgentRecord): BodyLocation | undefined {
  return (agent as AgentRecord & { bodyLocation?: BodyLocation }).bodyLocation;
}
