/** CLI subcommands over the catalog: list, prompt, validate. */
import type { ServerContext } from '../app/context.js';
import { listAgents, SOURCE_KINDS } from '../catalog/list.js';
import { requireAgent } from '../catalog/lookup.js';
import type { SourceKind } from '../catalog/types.js';
import { UsageError } from '../shared/errors.js';
import { SubArgs } from './args.js';
import { chooseSqliteEngine } from '../journal/sqlite.js';

type Out = (text: string) => void;

export function runListCommand(args: string[], ctx: ServerContext, out: Out): number {
  const a = new SubArgs(args, ['--source', '--query'], ['--json']);
  const source = a.get('--source');
  if (source !== undefined && !(SOURCE_KINDS as readonly string[]).includes(source)) {
    throw new UsageError(`--source must be one of ${SOURCE_KINDS.join(', ')}`);
  }
  const query = a.get('--query') ?? (a.positionals.length > 0 ? a.positionals.join(' ') : undefined);
  // Boundary counts as list_agents reports them (a one-shot command has no background work filling them).
  const { page } = listAgents(ctx.catalog.snapshot, { query, source: source as SourceKind | undefined, limit: 1_000_000 }, (snapshot, agent) => ctx.routing.engineFor(snapshot).boundaryCount(agent));
  if (a.has('--json')) {
    out(JSON.stringify(page, null, 2));
    return 0;
  }
  const width = Math.min(40, Math.max(4, ...page.agents.map((x) => x.name.length)));
  for (const agent of page.agents) {
    const summary = agent.summary.length > 100 ? agent.summary.slice(0, 99) + '…' : agent.summary;
    out(`${agent.name.padEnd(width)}  ${agent.source.padEnd(7)}  ${summary}`);
  }
  out(`${page.total} agent(s)${page.skippedCount > 0 ? `, ${page.skippedCount} file(s) skipped (run "validate")` : ''}`);
  return 0;
}

export async function runPromptCommand(args: string[], ctx: ServerContext, out: Out): Promise<number> {
  const a = new SubArgs(args, [], ['--json', '--refresh', '--no-fill']);
  const name = a.positionals[0];
  if (!name) throw new UsageError('prompt needs an agent name: agent-catalog-mcp prompt NAME [--refresh] [--json]');
  const snapshot = ctx.catalog.snapshot;
  const agent = requireAgent(snapshot, name);
  const compiled = await ctx.prompts.build(snapshot, agent, {
    refresh: a.has('--refresh'),
    fillPlaceholders: a.has('--no-fill') ? false : undefined,
  });
  if (a.has('--json')) {
    out(JSON.stringify({ name: agent.name, path: agent.path, source: agent.source, frontmatter: agent.frontmatter, ...compiled }, null, 2));
  } else {
    out(compiled.prompt);
  }
  return 0;
}

/** Up to this many agent names are listed on a grouped line; the rest are counted. */
const NAMES_SHOWN = 5;

function namesOf(agents: readonly string[]): string {
  const shown = agents.slice(0, NAMES_SHOWN).join(', ');
  return agents.length > NAMES_SHOWN ? `${shown} and ${agents.length - NAMES_SHOWN} more` : shown;
}

/** Group items by key, keeping first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/**
 * Skipped files are errors (exit 1). Unresolved includes are warnings (the reference line stays in the
 * prompt; catalogs often name fragments they do not ship) unless --strict. Lines that would repeat (one
 * missing fragment named by many agents) are grouped with a count.
 */
export async function runValidateCommand(args: string[], ctx: ServerContext, out: Out): Promise<number> {
  const a = new SubArgs(args, [], ['--json', '--strict']);
  const strict = a.has('--strict');
  const snapshot = ctx.catalog.snapshot;
  const unresolved: Array<{ agent: string; path: string; name: string; reason: string }> = [];
  const stale: Array<{ agent: string; name: string }> = [];
  for (const name of snapshot.names) {
    const agent = snapshot.agents.get(name);
    if (!agent) continue;
    const compiled = await ctx.prompts.compile(snapshot, agent);
    for (const u of compiled.unresolved) unresolved.push({ agent: name, path: agent.path, ...u });
    for (const s of compiled.stale) stale.push({ agent: name, name: s });
  }
  const lenient = snapshot.names.map((n) => snapshot.agents.get(n)).filter((x) => x?.parsedWith === 'lenient').map((x) => x?.path ?? '');
  const failed = snapshot.diagnostics.length > 0 || (strict && unresolved.length > 0);
  // The journal index needs a SQLite engine with FTS5 (better-sqlite3 or node:sqlite); without one the
  // journal still works, by scanning its files. Not an error: said so.
  const sqlite = chooseSqliteEngine(ctx.config.sqliteEngines);
  const journalIndex = sqlite.engine ? { engine: sqlite.engine.name } : { engine: null, note: `${sqlite.reason}; journal searches and listings scan the entry files` };
  // The encoder artifact is read and checked (size and sha256 of each file): a missing or damaged one is a
  // warning, since matching still works by words.
  await ctx.semantic.whenLoaded();
  const sem = ctx.semantic.status();
  const semantic = { enabled: sem.enabled, state: sem.state, ...(sem.model !== undefined ? { model: sem.model } : {}), ...(sem.reason !== undefined ? { reason: sem.reason } : {}) };
  if (a.has('--json')) {
    out(JSON.stringify({ ok: !failed, strict, semantic, journalIndex, agents: snapshot.names.length, sources: snapshot.sources, sharedPromptDirs: snapshot.sharedPromptDirs, diagnostics: snapshot.diagnostics, shadowed: snapshot.shadowed, unresolved, stale, lenient }, null, 2));
    return failed ? 1 : 0;
  }
  out(`${snapshot.names.length} agent(s) loaded from ${snapshot.sources.map((s) => s.label).join(', ')}`);
  out(`shared prompts: ${snapshot.sharedPromptDirs.join(', ')}`);
  for (const group of groupBy(snapshot.diagnostics, (d) => `${d.code}\0${d.message}`)) {
    const d = group[0] as (typeof group)[number];
    if (group.length === 1) out(`SKIPPED  ${d.path}: [${d.code}] ${d.message}`);
    else out(`SKIPPED  ${group.length} files: [${d.code}] ${d.message}: ${namesOf(group.map((x) => x.path))}`);
  }
  for (const s of snapshot.shadowed) out(`SHADOWED ${s.name}: ${s.shadowed} (hidden by ${s.winner})`);
  // One line per reason (the same reason, e.g. "not found in any shared-prompt folder (…)", is not repeated),
  // then one line per fragment with the agents that name it.
  const level = strict ? 'UNRESOLVED' : 'WARNING ';
  for (const byReason of groupBy(unresolved, (u) => u.reason)) {
    const fragments = groupBy(byReason, (u) => u.name);
    out(`${level} ${fragments.length} unresolved include(s): ${byReason[0]?.reason}`);
    for (const group of fragments) {
      const agents = [...new Set(group.map((x) => x.agent))];
      out(`  @~/.claude/shared-prompts/${group[0]?.name}: named by ${agents.length === 1 ? agents[0] : `${agents.length} agents: ${namesOf(agents)}`}`);
    }
  }
  for (const group of groupBy(stale, (s) => s.name)) {
    const agents = group.map((x) => x.agent);
    out(`STALE    embedded ${group[0]?.name} differs from the current fragment in ${agents.length === 1 ? agents[0] : `${agents.length} agents: ${namesOf(agents)}`} (prompt NAME --refresh updates it)`);
  }
  out(
    `semantic matching: ${
      !sem.enabled ? 'off (by words only; --semantic or AGENT_CATALOG_SEMANTIC=1 turns it on)' : sem.model !== undefined ? `on (encoder ${sem.model})` : `WARNING unavailable, matching by words only: ${sem.reason ?? sem.state}`
    }`,
  );
  out(`journal index: ${journalIndex.engine ?? `off (${journalIndex.note})`}`);
  if (lenient.length > 0) out(`note: ${lenient.length} file(s) have frontmatter that is not strict YAML; read the way Claude Code reads it`);
  const warnings = strict ? 0 : unresolved.length;
  if (failed) out(`FAILED: ${snapshot.diagnostics.length} file(s) skipped, ${unresolved.length} unresolved include(s)${strict ? ' (--strict)' : ''}`);
  else out(warnings > 0 ? `OK with ${warnings} warning(s): unresolved includes stay as reference lines in the prompts (--strict makes them errors)` : 'OK');
  return failed ? 1 : 0;
}
