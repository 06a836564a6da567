/**
 * delegate through MCP sampling: an SDK client that declares the sampling capability and answers
 * sampling/createMessage deterministically. Checks the request (system prompt = compiled prompt with the
 * project's placeholders filled, model preferences, token limit, user message), the answer, a refusal,
 * routing, the journal note, progress, and the brief when the client cannot sample.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CreateMessageRequestSchema, McpError, type CallToolResult, type CreateMessageRequest, type CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import type { FlagValues } from '../../src/app/config.js';
import { agentFile, tempDir, testConfig, textOf, writeFiles } from '../helpers/env.js';
import { FIXTURES } from '../project/fixtures.js';
import { eventually } from '../helpers/poll.js';
import { connectClient, type Session } from './helpers.js';

type Params = CreateMessageRequest['params'];

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

function agentsDir(): string {
  const dir = tempDir('acm-sampling-agents-');
  writeFiles(dir, {
    'deep.md': agentFile(
      'deep-thinker',
      'Solves hard algorithm problems and proves complexity bounds',
      'You are deep.\nBefore answering, run [project-specific-test-command].\n',
      'model: opus\n',
    ),
    'notes.md': agentFile('release-notes-writer', 'Writes release notes and changelogs from commit history', 'You write release notes.\n', 'model: inherit\n'),
    'quick.md': agentFile('quick-linter', 'Fixes lint warnings in small files quickly', 'You fix lint.\n', 'model: haiku\n'),
    'plain.md': agentFile('plain-helper', 'Answers questions about spreadsheet formulas', 'You help with spreadsheets.\n'),
  });
  return dir;
}

interface Opened extends Session {
  requests: Params[];
  answer: (params: Params) => Promise<CreateMessageResult> | CreateMessageResult;
}

async function open(flags: FlagValues = {}, sampling = true, tweak: (c: ReturnType<typeof testConfig>) => void = () => undefined): Promise<Opened> {
  const config = testConfig({ agents: [agentsDir()], noUser: true, noBundled: true, project: FIXTURES.tsNpm(), ...flags });
  tweak(config);
  const client = new Client({ name: 'sampling-test', version: '1.0.0' }, sampling ? { capabilities: { sampling: {} } } : {});
  const requests: Params[] = [];
  const answer = (p: Params): CreateMessageResult => ({ role: 'assistant', content: { type: 'text', text: `ANSWER to ${p.messages.length} message(s)` }, model: 'test-model-1', stopReason: 'endTurn' });
  // The handler reads holder.opened.answer at call time, so a test can swap in another answer.
  const holder: { opened?: Opened } = {};
  if (sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
      requests.push(req.params);
      return (holder.opened?.answer ?? answer)(req.params);
    });
  }
  const session = await connectClient(config, client);
  sessions.push(session);
  holder.opened = Object.assign(session, { requests, answer });
  return holder.opened;
}

const call = (s: Session, args: Record<string, unknown>, options?: Parameters<Client['callTool']>[2]): Promise<CallToolResult> =>
  s.client.callTool({ name: 'delegate', arguments: args }, undefined, options) as Promise<CallToolResult>;
const structured = (r: CallToolResult): Record<string, unknown> => r.structuredContent as Record<string, unknown>;

describe('delegate via MCP sampling', () => {
  it("asks the client's model with the compiled prompt, the agent's model hints and the token limit, and returns its answer", async () => {
    const s = await open({ samplingMaxTokens: '1234' });
    const r = await call(s, { agent: 'deep-thinker', task: 'Sort [3,1,2] in O(n log n)', context: 'Language: TypeScript' });
    expect(r.isError).toBeFalsy();
    expect(s.requests).toHaveLength(1);
    const req = s.requests[0] as Params;
    const prompt = ((await s.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'deep-thinker' } })).structuredContent as { prompt: string }).prompt;
    expect(req.systemPrompt).toBe(prompt);
    // The project's placeholders are filled, as get_agent_prompt fills them.
    expect(prompt).not.toContain('[project-specific-test-command]');
    expect(prompt).toContain('npm run test');
    expect(req.modelPreferences).toEqual({ hints: [{ name: 'opus' }], intelligencePriority: 0.9, speedPriority: 0.2, costPriority: 0.1 });
    expect(req.maxTokens).toBe(1234);
    expect(req.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Sort [3,1,2] in O(n log n)\n\n## Context\n\nLanguage: TypeScript' } }]);
    expect(structured(r)).toMatchObject({ agent: 'deep-thinker', method: 'sampling', status: 'answered', answer: 'ANSWER to 1 message(s)', model: 'test-model-1', stopReason: 'endTurn', skipped: [] });
    expect(textOf(r)).toContain('deep-thinker answered via sampling (test-model-1)');
    expect(textOf(r)).toContain('ANSWER to 1 message(s)');
  });

  it('maps haiku to a speed-first hint and sends no preferences for inherit or no model', async () => {
    const s = await open();
    await call(s, { agent: 'quick-linter', task: 'fix it' });
    await call(s, { agent: 'release-notes-writer', task: 'notes' });
    await call(s, { agent: 'plain-helper', task: 'a formula' });
    expect(s.requests[0]?.modelPreferences).toEqual({ hints: [{ name: 'haiku' }], intelligencePriority: 0.3, speedPriority: 0.9, costPriority: 0.8 });
    expect(s.requests[1]?.modelPreferences).toBeUndefined();
    expect(s.requests[2]?.modelPreferences).toBeUndefined();
    expect(s.requests[2]?.maxTokens).toBe(8192);
  });

  it('reports a refusal (the client answers with an error) cleanly as isError, and keeps serving', async () => {
    const s = await open();
    s.answer = () => {
      throw new McpError(-1, 'User rejected sampling request');
    };
    const r = await call(s, { agent: 'deep-thinker', task: 'something' });
    expect(r.isError).toBe(true);
    expect(structured(r)).toMatchObject({ agent: 'deep-thinker', method: 'sampling', status: 'failed', error: { code: 'SAMPLING_DECLINED' } });
    expect(textOf(r)).toContain('User rejected sampling request');
    expect(textOf(r)).toContain('Nothing ran');
    const list = await s.client.callTool({ name: 'list_agents', arguments: {} });
    expect((list.structuredContent as { total: number }).total).toBe(4);
  });

  it('cancels the sampling request when the tool call is cancelled', async () => {
    const s = await open();
    // The SDK client ignores a cancellation of request id 0 (its _oncancel tests the id for truthiness), and
    // the server's first request has id 0: one answered request first.
    await call(s, { agent: 'plain-helper', task: 'warm-up' });
    let clientSawCancel = false;
    let started = false;
    s.answer = () => {
      started = true;
      return new Promise<CreateMessageResult>(() => undefined);
    };
    // The client's handler gets the request's own signal: record when the server cancels it.
    s.client.setRequestHandler(CreateMessageRequestSchema, (req, extra) => {
      extra.signal.addEventListener('abort', () => (clientSawCancel = true));
      s.requests.push(req.params);
      return s.answer(req.params);
    });
    const controller = new AbortController();
    const pending = call(s, { agent: 'plain-helper', task: 'never answered' }, { signal: controller.signal });
    await eventually(() => started, (ok) => ok, { timeoutMs: 10_000, what: 'the sampling request' });
    controller.abort('user cancelled');
    await expect(pending).rejects.toThrow();
    await eventually(() => clientSawCancel, (ok) => ok, { timeoutMs: 10_000, what: 'the sampling request to be cancelled' });
  });

  it('gives up on a sampling request after --runner-timeout', async () => {
    const s = await open({ runnerTimeout: '300ms' });
    s.answer = () => new Promise<CreateMessageResult>(() => undefined);
    const r = await call(s, { agent: 'plain-helper', task: 'never answered' });
    expect(r.isError).toBe(true);
    expect(structured(r)).toMatchObject({ status: 'failed', error: { code: 'SAMPLING_TIMEOUT' } });
    expect(textOf(r)).toContain('--runner-timeout');
  });

  it('reports a reply without text as a failure', async () => {
    const s = await open();
    s.answer = () => ({ role: 'assistant', content: { type: 'image', data: 'AAAA', mimeType: 'image/png' }, model: 'pixel-model' });
    const r = await call(s, { agent: 'plain-helper', task: 'draw' });
    expect(r.isError).toBe(true);
    expect(structured(r)).toMatchObject({ status: 'failed', error: { code: 'SAMPLING_NO_TEXT' }, model: 'pixel-model' });
  });

  it("without agent, delegates to route_task's pick and reports it with the reason", async () => {
    const s = await open();
    const task = 'write the release notes and changelog for version 2 from the commit history';
    const route = (await s.client.callTool({ name: 'route_task', arguments: { task } })).structuredContent as { agent: string; rationale: string };
    const r = await call(s, { task });
    expect(route.agent).toBe('release-notes-writer');
    expect(structured(r)).toMatchObject({ agent: 'release-notes-writer', method: 'sampling', status: 'answered', routing: { rationale: route.rationale } });
    expect(textOf(r)).toContain('Agent chosen by routing: release-notes-writer');
  });

  it('without agent, routes like route_task from the first call: it waits briefly for the agent vectors', async () => {
    const s = await open();
    // The encoder is loaded but this catalog's agent vectors are not built yet: a route that did not wait
    // for them would be decided by words only.
    expect(await s.ctx.semantic.whenLoaded()).toBe(true);
    const task = 'write the release notes and changelog for version 2 from the commit history';
    const r = await call(s, { task });
    expect(structured(r)).toMatchObject({ agent: 'release-notes-writer', routing: { mode: 'hybrid' } });
    const route = (await s.client.callTool({ name: 'route_task', arguments: { task } })).structuredContent as { agent: string; confidence: number; mode: string };
    expect(structured(r).routing).toMatchObject({ confidence: route.confidence, mode: route.mode });
  });

  it('runs nothing when routing abstains, and says so', async () => {
    const s = await open();
    const r = await call(s, { task: 'zorbly quux frobnicate the wibble' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('Nothing was delegated: no agent in the catalog fits this task');
    expect(s.requests).toHaveLength(0);
  });

  it('names the closest agents for an unknown agent', async () => {
    const s = await open();
    const r = await call(s, { agent: 'deep-thinkr', task: 'x' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('deep-thinker');
  });

  it('record: true writes a short journal note of what was delegated, to whom, how and the outcome', async () => {
    const s = await open();
    const r = await call(s, { agent: 'deep-thinker', task: 'Prove the bound', record: true });
    const file = structured(r).journal as string;
    expect(file).toBeTruthy();
    const note = fs.readFileSync(file, 'utf8');
    expect(note).toContain('Delegated a task to deep-thinker via sampling: answered in');
    expect(note).toContain('by test-model-1');
    expect(note).toContain('Task: Prove the bound');
    expect(note).toContain('ANSWER to 1 message(s)');
    expect(textOf(r)).toContain('Recorded in the journal');
  });

  it('sends progress notifications while the client is sampling', async () => {
    const s = await open({}, true, (c) => (c.delegate.progressIntervalMs = 50));
    const progress: Array<{ progress: number; message?: string | undefined }> = [];
    s.answer = async (p) => {
      await eventually(() => progress.length >= 2, (ok) => ok, { timeoutMs: 10_000, what: 'two progress notifications' });
      return { role: 'assistant', content: { type: 'text', text: `slow answer (${p.maxTokens})` }, model: 'slow-model' };
    };
    const r = await call(s, { agent: 'plain-helper', task: 'slowly' }, { onprogress: (p) => void progress.push(p) });
    expect(structured(r)).toMatchObject({ status: 'answered', answer: 'slow answer (8192)' });
    expect(progress[0]?.message).toContain('plain-helper via sampling');
    expect(progress[1]?.progress).toBeGreaterThan(progress[0]?.progress ?? Infinity);
  });

  it('returns a delegation brief when the client cannot sample and no runner is configured', async () => {
    const s = await open({}, false);
    const r = await call(s, { agent: 'deep-thinker', task: 'Sort a list', context: 'ctx here' });
    expect(r.isError).toBeFalsy();
    const out = structured(r);
    expect(out).toMatchObject({ agent: 'deep-thinker', method: 'brief', status: 'brief' });
    expect(out.skipped).toEqual(['sampling: the client did not declare the sampling capability', 'runner: none configured (--runner or --runner-command)']);
    const brief = out.brief as string;
    const prompt = ((await s.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'deep-thinker' } })).structuredContent as { prompt: string }).prompt;
    expect(brief).toContain(prompt.trim());
    expect(brief).toContain('## Task\n\nSort a list\n\n## Context\n\nctx here');
    expect(brief).toContain('chat.mcp.serverSampling');
    expect(brief).toContain('--runner');
    expect(textOf(r)).toBe(brief);
  });
});
