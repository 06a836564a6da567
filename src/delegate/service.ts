/**
 * DelegationService: runs one delegation the first way that applies — the client's own model through MCP
 * sampling, else the configured runner CLI, else a delegation brief — and owns what outlives a request:
 * the running runner processes (ended on close) and the per-agent tool selection of each catalog snapshot.
 * The MCP layer passes sampling in as a port, so nothing here depends on the SDK.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AgentRecord, CatalogSnapshot } from '../catalog/types.js';
import { CatalogError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { selectAgentTools, type AgentToolSelection } from './agent-tools.js';
import { delegationBrief, framedPrompt } from './brief.js';
import type { RoutedChoice } from './choose.js';
import type { DelegateConfig } from './options.js';
import { RunnerPool, type ProcessOutcome } from './runner.js';
import { buildSamplingRequest, taskMessage, usableModel, type SamplingReply, type SamplingRequest } from './sampling.js';
import { expandArgs, usesPlaceholder } from './template.js';

export type DelegationMethod = 'sampling' | 'runner' | 'brief';

/** A failed sampling request, classified by the MCP layer. */
export class SamplingFailure extends Error {
  constructor(
    readonly kind: 'declined' | 'timeout' | 'cancelled',
    message: string,
  ) {
    super(message);
    this.name = 'SamplingFailure';
  }
}

export type SamplingPort =
  | { available: true; sample(request: SamplingRequest, options: { signal: AbortSignal; timeoutMs: number }): Promise<SamplingReply> }
  | { available: false; reason: string };

export interface DelegationInput {
  agent: AgentRecord;
  /** The agent's compiled prompt, project placeholders filled. */
  prompt: string;
  task: string;
  context?: string | undefined;
  routed?: RoutedChoice | undefined;
}

export interface DelegationIO {
  sampling: SamplingPort;
  /** Aborted when the MCP request is cancelled. */
  signal: AbortSignal;
  /** Called every progressIntervalMs while a model or runner works. */
  progress?: ((elapsedMs: number, message: string) => void) | undefined;
}

export interface RunnerReport {
  name: string;
  command: string;
  exitCode: number | null;
  signal: string | null;
  outputBytes: number;
  truncated: boolean;
}

export interface DelegationResult {
  agent: string;
  method: DelegationMethod;
  status: 'answered' | 'brief' | 'failed';
  /** The agent's answer (sampling, runner). */
  answer?: string;
  /** The delegation brief (method brief). */
  brief?: string;
  /** Why the methods before `method` were not used. */
  skipped: string[];
  routing?: RoutedChoice;
  /** The model the client used (sampling). */
  model?: string;
  stopReason?: string;
  runner?: RunnerReport;
  error?: { code: string; message: string };
  durationMs: number;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

const nonEmpty = (s: string | undefined): string | undefined => (s !== undefined && s.trim() !== '' ? s : undefined);

export class DelegationService {
  readonly pool: RunnerPool;
  private readonly selections = new WeakMap<CatalogSnapshot, AgentToolSelection>();

  constructor(
    readonly config: DelegateConfig,
    private readonly projectDir: string,
    private readonly logger: Logger,
  ) {
    this.pool = new RunnerPool(config.maxConcurrentRuns);
  }

  /** The per-agent tools of a snapshot (computed once per snapshot; a refusal or unknown names logged once). */
  agentTools(snapshot: CatalogSnapshot): AgentToolSelection {
    const spec = this.config.agentTools;
    if (!spec) return { tools: [], missing: [] };
    let selection = this.selections.get(snapshot);
    if (!selection) {
      selection = selectAgentTools(spec, snapshot, this.config.agentToolsMax);
      this.selections.set(snapshot, selection);
      if (selection.error) this.logger.error(`${selection.error} No agent tools are exposed.`);
      if (selection.missing.length > 0) this.logger.warn(`--agent-tools: no agent named ${selection.missing.map((n) => `"${n}"`).join(', ')} in the catalog (yet); no tool for it`);
    }
    return selection;
  }

  async run(input: DelegationInput, io: DelegationIO): Promise<DelegationResult> {
    const started = performance.now();
    const skipped: string[] = [];
    const elapsed = (): number => Math.round(performance.now() - started);
    const base = { agent: input.agent.name, skipped, ...(input.routed ? { routing: input.routed } : {}) };
    let ticker: NodeJS.Timeout | undefined;
    const tick = (method: DelegationMethod): void => {
      if (!io.progress) return;
      const report = io.progress;
      ticker = setInterval(() => report(elapsed(), `${input.agent.name} via ${method}: ${formatMs(elapsed())} so far`), this.config.progressIntervalMs);
      ticker.unref();
    };
    try {
      if (io.sampling.available) {
        tick('sampling');
        return { ...base, ...(await this.viaSampling(input, io.sampling, io.signal)), method: 'sampling', durationMs: elapsed() };
      }
      skipped.push(`sampling: ${io.sampling.reason}`);
      if (this.config.runner) {
        tick('runner');
        return { ...base, ...(await this.viaRunner(input, io.signal)), method: 'runner', durationMs: elapsed() };
      }
      skipped.push('runner: none configured (--runner or --runner-command)');
      const brief = delegationBrief(input.agent.name, input.prompt, input.task, input.context, skipped);
      return { ...base, method: 'brief', status: 'brief', brief, durationMs: elapsed() };
    } finally {
      if (ticker) clearInterval(ticker);
    }
  }

  private async viaSampling(input: DelegationInput, port: Extract<SamplingPort, { available: true }>, signal: AbortSignal): Promise<Pick<DelegationResult, 'status' | 'answer' | 'model' | 'stopReason' | 'error'>> {
    const request = buildSamplingRequest(input.prompt, input.task, input.context, input.agent.model, this.config.samplingMaxTokens);
    let reply: SamplingReply;
    try {
      reply = await port.sample(request, { signal, timeoutMs: this.config.timeoutMs });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const kind = err instanceof SamplingFailure ? err.kind : 'declined';
      if (kind === 'cancelled') return { status: 'failed', error: { code: 'CANCELLED', message: 'The request was cancelled while the client was answering.' } };
      if (kind === 'timeout') {
        return { status: 'failed', error: { code: 'SAMPLING_TIMEOUT', message: `The client did not answer the sampling request within ${formatMs(this.config.timeoutMs)} (${message}). Raise --runner-timeout for longer tasks.` } };
      }
      return {
        status: 'failed',
        error: {
          code: 'SAMPLING_DECLINED',
          message:
            `The client declined or failed the sampling request: ${message}. Nothing ran. If the user refused, that is final; ` +
            'otherwise check that the client allows this server to use a model (VS Code: chat.mcp.serverSampling).',
        },
      };
    }
    if (reply.text.trim() === '') {
      return { status: 'failed', model: reply.model, error: { code: 'SAMPLING_NO_TEXT', message: `The client's model (${reply.model}) answered with no text.` } };
    }
    return { status: 'answered', answer: reply.text, model: reply.model, ...(reply.stopReason !== undefined ? { stopReason: reply.stopReason } : {}) };
  }

  private async viaRunner(input: DelegationInput, signal: AbortSignal): Promise<Pick<DelegationResult, 'status' | 'answer' | 'runner' | 'error'>> {
    const template = this.config.runner;
    if (!template) throw new Error('no runner configured');
    const { agent, prompt, task } = input;
    const context = nonEmpty(input.context);
    const promptInArgs = usesPlaceholder(template, 'prompt_file');
    const taskInArgs = usesPlaceholder(template, 'task');
    const contextInArgs = usesPlaceholder(template, 'context');
    const cwd = this.projectDir;
    const cwdStat = await fs.stat(cwd).catch(() => undefined);
    if (!cwdStat?.isDirectory()) {
      return { status: 'failed', error: { code: 'RUNNER_CWD', message: `The project folder ${cwd} (the runner's working folder) does not exist or is not a folder: fix --project.` } };
    }
    let dir: string | undefined;
    let outcome: ProcessOutcome;
    try {
      let promptFile: string | undefined;
      if (promptInArgs) {
        // A private folder (0700) and file (0600): the prompt may hold project details.
        dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acm-delegate-'));
        promptFile = path.join(dir, 'prompt.md');
        await fs.writeFile(promptFile, prompt, { mode: 0o600, flag: 'wx' });
      }
      const taskText = contextInArgs ? task : taskMessage(task, context);
      const args = expandArgs(template, { prompt_file: promptFile, task: taskText, context, agent: agent.name, model: usableModel(agent.model) });
      const stdin = promptInArgs ? (taskInArgs ? '' : taskText) : taskInArgs ? prompt : framedPrompt(agent.name, prompt, task, context);
      outcome = await this.pool.run({ command: template.command, args, cwd, stdin }, { timeoutMs: this.config.timeoutMs, maxOutputBytes: this.config.maxOutputBytes, signal });
    } catch (err) {
      if (err instanceof CatalogError) return { status: 'failed', error: { code: err.code, message: err.message } };
      throw err;
    } finally {
      if (dir) await fs.rm(dir, { recursive: true, force: true }).catch((err: unknown) => this.logger.warn(`could not remove ${dir}: ${(err as Error).message}`));
    }
    const runner: RunnerReport = {
      name: template.name,
      command: template.command,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      outputBytes: outcome.outputBytes,
      truncated: outcome.truncated,
    };
    const stderr = outcome.stderrTail.trim() !== '' ? `\nstderr (last lines):\n${outcome.stderrTail.trimEnd().split('\n').slice(-20).join('\n')}` : '';
    const fail = (code: string, message: string): Pick<DelegationResult, 'status' | 'runner' | 'error'> => ({ status: 'failed', runner, error: { code, message } });
    switch (outcome.end) {
      case 'spawn-failed': {
        const code = outcome.spawnError?.code;
        if (code === 'ENOENT') return fail('RUNNER_NOT_FOUND', `The runner "${template.command}" was not found on the server's PATH: install it, or give its full path in --runner-command.`);
        if (code === 'EACCES') return fail('RUNNER_NOT_EXECUTABLE', `The runner "${template.command}" is not executable: check its permissions.`);
        if (code === 'E2BIG') {
          return fail('RUNNER_ARGS_TOO_LONG', `The task or context is too long for a command-line argument of "${template.command}": use a template without {task} / {context}, so they go on stdin.`);
        }
        return fail('RUNNER_SPAWN_FAILED', `Could not start the runner "${template.command}": ${outcome.spawnError?.message ?? 'unknown error'}.`);
      }
      case 'timeout':
        return fail('RUNNER_TIMEOUT', `${template.command} did not finish within ${formatMs(this.config.timeoutMs)} and was stopped. Raise --runner-timeout, or give a smaller task.${stderr}`);
      case 'cancelled':
        return fail('CANCELLED', `The request was cancelled; ${template.command} was stopped.`);
      case 'exited':
        break;
    }
    if (outcome.exitCode !== 0) {
      const how = outcome.exitCode !== null ? `exited with code ${outcome.exitCode}` : `was killed by ${outcome.signal ?? 'a signal'}`;
      return fail(
        'RUNNER_FAILED',
        `${template.command} ${how}. Check that it is installed and signed in (run it once by hand in ${cwd}), and that its flags match the runner template "${template.source}".${stderr}`,
      );
    }
    const answer = outcome.stdout.trimEnd();
    if (answer.trim() === '') return fail('RUNNER_NO_OUTPUT', `${template.command} exited 0 but printed nothing on stdout.${stderr}`);
    const note = outcome.truncated ? `\n\n[output truncated: ${outcome.outputBytes} bytes written, the first ${this.config.maxOutputBytes} kept]` : '';
    return { status: 'answered', answer: answer + note, runner };
  }

  close(): void {
    this.pool.close();
  }
}

/** A short journal note of a delegation: what, to whom, how, and the outcome. */
export function delegationNote(result: DelegationResult, task: string): string {
  const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}…` : s);
  const how = result.method === 'runner' && result.runner ? `runner (${result.runner.name})` : result.method;
  const outcome =
    result.status === 'answered'
      ? `answered in ${formatMs(result.durationMs)}${result.model ? ` by ${result.model}` : ''}`
      : result.status === 'brief'
        ? `a brief was returned (${result.skipped.join('; ')})`
        : `failed: ${result.error?.code ?? 'ERROR'} ${cut(result.error?.message ?? '', 300)}`;
  const lines = [`Delegated a task to ${result.agent} via ${how}: ${outcome}.`, '', `Task: ${cut(task.trim(), 600)}`];
  if (result.routing) lines.push('', `Chosen by routing (confidence ${result.routing.confidence.toFixed(2)}): ${cut(result.routing.rationale, 300)}`);
  if (result.answer !== undefined) lines.push('', `Answer (start): ${cut(result.answer.trim(), 600)}`);
  return lines.join('\n');
}
