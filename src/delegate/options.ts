/** Delegation settings, resolved once from the command line flags; invalid values are usage errors. */
import { UsageError } from '../shared/errors.js';
import { SOURCE_KINDS } from '../catalog/list.js';
import type { SourceKind } from '../catalog/types.js';
import { builtinRunner, parseRunnerTemplate, type RunnerTemplate } from './template.js';

/** Which agents are exposed as their own agent_<name> tools. */
export type AgentToolsSpec = { kind: 'all' } | { kind: 'source'; source: SourceKind } | { kind: 'names'; names: readonly string[] };

export interface DelegateConfig {
  /** How a delegation runs when the client cannot sample: a CLI template, or none (a brief is returned). */
  runner?: RunnerTemplate;
  /** Longest a runner process or a sampling request may take (ms). */
  timeoutMs: number;
  /** Runner stdout kept (bytes); the rest is read and discarded, and the result says it was truncated. */
  maxOutputBytes: number;
  /** maxTokens of a sampling request. */
  samplingMaxTokens: number;
  /** How often a progress notification is sent while a delegation runs (ms). */
  progressIntervalMs: number;
  /** Runner processes allowed at once (more delegations are refused until one ends). */
  maxConcurrentRuns: number;
  agentTools?: AgentToolsSpec;
  /** An `all` or `source:` selection of more agents than this is refused (an explicit name list is not). */
  agentToolsMax: number;
}

/** The flags this module reads (part of config.ts's FlagValues). */
export interface DelegateFlags {
  agentTools?: string;
  agentToolsMax?: string;
  runner?: string;
  runnerCommand?: string;
  runnerTimeout?: string;
  samplingMaxTokens?: string;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
export const DEFAULT_SAMPLING_MAX_TOKENS = 8192;
export const DEFAULT_AGENT_TOOLS_MAX = 40;
const MAX_LISTED_NAMES = 1000;

/** "600", "90s", "1.5m", "500ms" → milliseconds (a bare number is seconds). */
export function parseDuration(flag: string, value: string, minMs: number, maxMs: number): number {
  const m = /^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h)?$/.exec(value.trim());
  const unit = m?.[2] ?? 's';
  const ms = m ? Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000) : NaN;
  if (!Number.isFinite(ms) || ms < minMs || ms > maxMs) {
    throw new UsageError(`${flag} must be a duration from ${minMs} ms to ${maxMs / 3_600_000} h, e.g. 600, 90s, 10m; got "${value}"`);
  }
  return Math.round(ms);
}

function parseInt(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export function parseAgentToolsSpec(value: string): AgentToolsSpec {
  const v = value.trim();
  if (v === 'all') return { kind: 'all' };
  if (v.startsWith('source:')) {
    const source = v.slice('source:'.length);
    if (!(SOURCE_KINDS as readonly string[]).includes(source)) throw new UsageError(`--agent-tools source:S takes one of ${SOURCE_KINDS.join(', ')}, got "${source}"`);
    return { kind: 'source', source: source as SourceKind };
  }
  const names = [...new Set(v.split(',').map((n) => n.trim()).filter((n) => n !== ''))];
  if (names.length === 0) throw new UsageError('--agent-tools takes all, source:S (flag, project, user, bundled) or a comma-separated list of agent names');
  if (names.length > MAX_LISTED_NAMES) throw new UsageError(`--agent-tools lists more than ${MAX_LISTED_NAMES} names`);
  return { kind: 'names', names };
}

export function resolveDelegateConfig(flags: DelegateFlags): DelegateConfig {
  if (flags.runner !== undefined && flags.runnerCommand !== undefined) throw new UsageError('give --runner or --runner-command, not both');
  const runner = flags.runner !== undefined ? builtinRunner(flags.runner.trim()) : flags.runnerCommand !== undefined ? parseRunnerTemplate(flags.runnerCommand) : undefined;
  const config: DelegateConfig = {
    timeoutMs: flags.runnerTimeout !== undefined ? parseDuration('--runner-timeout', flags.runnerTimeout, 100, 24 * 3_600_000) : DEFAULT_TIMEOUT_MS,
    maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
    samplingMaxTokens: flags.samplingMaxTokens !== undefined ? parseInt('--sampling-max-tokens', flags.samplingMaxTokens, 1, 1_000_000) : DEFAULT_SAMPLING_MAX_TOKENS,
    progressIntervalMs: 5000,
    maxConcurrentRuns: 4,
    agentToolsMax: flags.agentToolsMax !== undefined ? parseInt('--agent-tools-max', flags.agentToolsMax, 1, 10_000) : DEFAULT_AGENT_TOOLS_MAX,
  };
  if (runner) config.runner = runner;
  if (flags.agentTools !== undefined) config.agentTools = parseAgentToolsSpec(flags.agentTools);
  return config;
}
