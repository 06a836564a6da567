/**
 * CLI subcommands over routing:
 *   match "TASK" [--limit N] [--source KIND] [--json]
 *   route "TASK" [--from NAME] [--source KIND] [--json]
 * Exit codes: 0 a recommendation was made, 1 nothing fits (abstained), 2 usage error (thrown as UsageError).
 */
import { SOURCE_KINDS } from '../catalog/list.js';
import { UsageError } from '../shared/errors.js';
import type { RoutingEngine } from '../routing/engine.js';
import { MAX_LIMIT } from '../routing/match.js';
import { renderMatches } from '../mcp/tools/match-agents.js';
import { renderRoute } from '../mcp/tools/route-task.js';
import { SubArgs } from './args.js';

type Out = (text: string) => void;

function taskOf(sub: SubArgs, command: string): string {
  const task = sub.positionals.join(' ').trim();
  if (task === '') throw new UsageError(`${command} needs a task: ${command} "describe the task"`);
  return task;
}

function sourceOf(sub: SubArgs): string | undefined {
  const source = sub.get('--source');
  if (source !== undefined && !(SOURCE_KINDS as readonly string[]).includes(source)) {
    throw new UsageError(`--source must be one of ${SOURCE_KINDS.join(', ')}`);
  }
  return source;
}

export function runMatchCommand(args: string[], engine: RoutingEngine, out: Out): number {
  const sub = new SubArgs(args, ['--limit', '--source'], ['--json']);
  const task = taskOf(sub, 'match');
  const rawLimit = sub.get('--limit');
  let limit: number | undefined;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const source = sourceOf(sub);
  const result = engine.match(task, { ...(limit !== undefined ? { limit } : {}), ...(source !== undefined ? { source } : {}) });
  out(sub.has('--json') ? JSON.stringify(result, null, 2) : renderMatches(result, task));
  return result.abstained ? 1 : 0;
}

export function runRouteCommand(args: string[], engine: RoutingEngine, out: Out): number {
  const sub = new SubArgs(args, ['--from', '--source'], ['--json']);
  const task = taskOf(sub, 'route');
  const from = sub.get('--from')?.trim();
  const source = sourceOf(sub);
  // An unknown --from name throws UnknownAgentError (a CatalogError with suggestions), like `prompt NAME`.
  const result = engine.route(task, { ...(from ? { currentAgent: from } : {}), ...(source !== undefined ? { source } : {}) });
  out(sub.has('--json') ? JSON.stringify(result, null, 2) : renderRoute(result));
  return result.agent === null && result.abstained ? 1 : 0;
}
