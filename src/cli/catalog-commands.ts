/** CLI subcommands over the catalog: list, prompt, validate. */
import type { ServerContext } from '../context.js';
import { listAgents, SOURCE_KINDS } from '../catalog/list.js';
import { requireAgent } from '../catalog/lookup.js';
import { compileAgent } from '../compile/compile-agent.js';
import { buildAgentPrompt } from '../agent-prompt.js';
import type { SourceKind } from '../catalog/types.js';
import { UsageError } from '../errors.js';
import { SubArgs } from './args.js';

type Out = (text: string) => void;

export function runListCommand(args: string[], ctx: ServerContext, out: Out): number {
  const a = new SubArgs(args, ['--source', '--query'], ['--json']);
  const source = a.get('--source');
  if (source !== undefined && !(SOURCE_KINDS as readonly string[]).includes(source)) {
    throw new UsageError(`--source must be one of ${SOURCE_KINDS.join(', ')}`);
  }
  const query = a.get('--query') ?? (a.positionals.length > 0 ? a.positionals.join(' ') : undefined);
  const result = listAgents(ctx.catalog.snapshot, { query, source: source as SourceKind | undefined, limit: 1_000_000 });
  if (!result.ok) throw new UsageError(result.message);
  const page = result.page;
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
  const compiled = await buildAgentPrompt(ctx.config, snapshot, agent, {
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

export async function runValidateCommand(args: string[], ctx: ServerContext, out: Out): Promise<number> {
  const a = new SubArgs(args, [], ['--json']);
  const snapshot = ctx.catalog.snapshot;
  const unresolved: Array<{ agent: string; path: string; name: string; reason: string }> = [];
  const stale: Array<{ agent: string; name: string }> = [];
  for (const name of snapshot.names) {
    const agent = snapshot.agents.get(name);
    if (!agent) continue;
    const compiled = await compileAgent(snapshot, agent);
    for (const u of compiled.unresolved) unresolved.push({ agent: name, path: agent.path, ...u });
    for (const s of compiled.stale) stale.push({ agent: name, name: s });
  }
  const lenient = snapshot.names.map((n) => snapshot.agents.get(n)).filter((x) => x?.parsedWith === 'lenient').map((x) => x?.path ?? '');
  const failed = snapshot.diagnostics.length > 0 || unresolved.length > 0;
  if (a.has('--json')) {
    out(JSON.stringify({ ok: !failed, semantic: { enabled: ctx.config.semantic }, agents: snapshot.names.length, sources: snapshot.sources, sharedPromptDirs: snapshot.sharedPromptDirs, diagnostics: snapshot.diagnostics, shadowed: snapshot.shadowed, unresolved, stale, lenient }, null, 2));
    return failed ? 1 : 0;
  }
  out(`${snapshot.names.length} agent(s) loaded from ${snapshot.sources.map((s) => s.label).join(', ')}`);
  out(`shared prompts: ${snapshot.sharedPromptDirs.join(', ')}`);
  for (const d of snapshot.diagnostics) out(`SKIPPED  ${d.path}: [${d.code}] ${d.message}`);
  for (const s of snapshot.shadowed) out(`SHADOWED ${s.name}: ${s.shadowed} (hidden by ${s.winner})`);
  for (const u of unresolved) out(`UNRESOLVED ${u.agent}: @~/.claude/shared-prompts/${u.name}: ${u.reason}`);
  for (const s of stale) out(`STALE    ${s.agent}: embedded ${s.name} differs from the current fragment (prompt --refresh updates it)`);
  // This command does not load the encoder; a server does, in the background (get_status reports it).
  out(`semantic matching: ${ctx.config.semantic ? 'on (a server loads the offline encoder in the background)' : 'off (lexical only; --semantic or AGENT_CATALOG_SEMANTIC=1 turns it on)'}`);
  if (lenient.length > 0) out(`note: ${lenient.length} file(s) have frontmatter that is not strict YAML; read the way Claude Code reads it`);
  out(failed ? `FAILED: ${snapshot.diagnostics.length} file(s) skipped, ${unresolved.length} unresolved reference(s)` : 'OK');
  return failed ? 1 : 0;
}
