/**
 * Per-agent tools (--agent-tools): which agents get their own agent_<name> tool, under which name, with
 * which description. Tool names keep to [A-Za-z0-9_-] and 64 characters (what clients accept); a name that
 * had to change gets a short hash of the agent name, and any clash left gets _2, _3, … in name order, so
 * the same catalog always gives the same tool names.
 */
import { createHash } from 'node:crypto';
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import type { AgentToolsSpec } from './options.js';

export const TOOL_PREFIX = 'agent_';
export const MAX_TOOL_NAME = 64;
const MAX_SUMMARY_CHARS = 200;

export interface AgentTool {
  toolName: string;
  agent: string;
  title: string;
  description: string;
}

export interface AgentToolSelection {
  tools: AgentTool[];
  /** Set when the selection is refused (too many agents); no tool is exposed then. */
  error?: string;
  /** Listed names not in the catalog. */
  missing: string[];
}

const cleanName = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, '_');
const shortHash = (name: string): string => createHash('sha256').update(name).digest('hex').slice(0, 6);

/** Tool names for a set of agent names (each distinct, valid, at most 64 characters). */
export function assignToolNames(agentNames: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const altered: string[] = [];
  for (const name of agentNames) {
    const exact = TOOL_PREFIX + name;
    if (cleanName(name) === name && exact.length <= MAX_TOOL_NAME && !taken.has(exact)) {
      out.set(name, exact);
      taken.add(exact);
    } else {
      altered.push(name);
    }
  }
  for (const name of [...altered].sort()) {
    const hash = shortHash(name);
    const base = `${TOOL_PREFIX}${cleanName(name).slice(0, MAX_TOOL_NAME - TOOL_PREFIX.length - hash.length - 1)}_${hash}`;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base.slice(0, MAX_TOOL_NAME - String(n).length - 1)}_${n}`;
    out.set(name, candidate);
    taken.add(candidate);
  }
  return out;
}

/** Text for tools/list: control characters and runs of whitespace folded to one space. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** An agent name as shown in a tool's title and description (names are not length-limited in files). */
export function displayName(name: string): string {
  const line = oneLine(name);
  return line.length > MAX_TOOL_NAME ? `${line.slice(0, MAX_TOOL_NAME)}…` : line;
}

/** The agent's summary (one paragraph, at most 200 characters) and one line saying when to call the tool. */
export function agentToolDescription(agent: AgentRecord): string {
  let summary = oneLine(agent.summary);
  if (summary.length > MAX_SUMMARY_CHARS) {
    const cut = summary.slice(0, MAX_SUMMARY_CHARS);
    const space = cut.lastIndexOf(' ');
    summary = `${space > MAX_SUMMARY_CHARS / 2 ? cut.slice(0, space) : cut}…`;
  }
  const name = displayName(agent.name);
  return `${summary || name}\nUse it to hand ${name} a self-contained task in this area; returns its answer.`;
}

function label(spec: AgentToolsSpec): string {
  return spec.kind === 'all' ? 'all' : spec.kind === 'source' ? `source:${spec.source}` : spec.names.join(',');
}

export function selectAgentTools(spec: AgentToolsSpec, snapshot: CatalogSnapshot, max: number): AgentToolSelection {
  const missing: string[] = [];
  let agents: AgentRecord[];
  if (spec.kind === 'names') {
    agents = [];
    const seen = new Set<string>();
    for (const name of spec.names) {
      const agent = snapshot.agents.get(name) ?? snapshot.agents.get(name.toLowerCase());
      if (!agent) missing.push(name);
      else if (!seen.has(agent.name)) {
        seen.add(agent.name);
        agents.push(agent);
      }
    }
  } else {
    agents = snapshot.names.map((n) => snapshot.agents.get(n)).filter((a): a is AgentRecord => a !== undefined && (spec.kind === 'all' || a.source === spec.source));
    if (agents.length > max) {
      return {
        tools: [],
        missing,
        error:
          `--agent-tools ${label(spec)} selects ${agents.length} agents, more than ${max}: clients degrade with that many tools. ` +
          `Name the agents you want (--agent-tools NAME,NAME) or raise the limit (--agent-tools-max ${agents.length}).`,
      };
    }
  }
  const names = assignToolNames(agents.map((a) => a.name));
  return {
    tools: agents.map((a) => ({ toolName: names.get(a.name) as string, agent: a.name, title: `Delegate to ${displayName(a.name)}`, description: agentToolDescription(a) })),
    missing,
  };
}
