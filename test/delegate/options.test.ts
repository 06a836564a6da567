/** Runner templates, the delegation flags and model preferences: parsing, expansion, errors that say what to fix. */
import { describe, expect, it } from 'vitest';
import { parseGlobalArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/shared/errors.js';
import { parseAgentToolsSpec, parseDuration, resolveDelegateConfig } from '../../src/delegate/options.js';
import { modelPreferencesFor } from '../../src/delegate/sampling.js';
import { BUILTIN_RUNNERS, builtinRunner, expandArgs, parseRunnerTemplate, splitWords } from '../../src/delegate/template.js';
import { testConfig } from '../helpers/env.js';

describe('runner templates', () => {
  it('splits words on whitespace, with quotes grouping and no escapes or expansion', () => {
    expect(splitWords(`my-llm  --system "a b"  'c "d"' e\\f $HOME ""`)).toEqual(['my-llm', '--system', 'a b', 'c "d"', 'e\\f', '$HOME', '']);
    expect(() => splitWords('a "b')).toThrow(/unclosed " quote/);
  });

  it('substitutes placeholders once: a value holding "{prompt_file}" stays as it is', () => {
    const t = parseRunnerTemplate('llm --system={prompt_file} --task {task} {agent}');
    expect(expandArgs(t, { prompt_file: '/tmp/p.md', task: 'use {prompt_file} and {agent}', agent: 'x' })).toEqual(['--system=/tmp/p.md', '--task', 'use {prompt_file} and {agent}', 'x']);
  });

  it('leaves out a word whose placeholder has no value', () => {
    const t = parseRunnerTemplate('llm --model={model} {context} --task {task}');
    expect(expandArgs(t, { task: 't', agent: 'a' })).toEqual(['--task', 't']);
    expect(expandArgs(t, { task: 't', agent: 'a', model: 'opus', context: 'c' })).toEqual(['--model=opus', 'c', '--task', 't']);
  });

  it('keeps brace text that is not a placeholder (JSON) and refuses unknown placeholders, naming the valid ones', () => {
    expect(expandArgs(parseRunnerTemplate(`llm '{"a":1}' {}`), { task: 't', agent: 'a' })).toEqual(['{"a":1}', '{}']);
    expect(() => parseRunnerTemplate('llm {prompt-file}')).not.toThrow();
    expect(() => parseRunnerTemplate('llm {promptfile}')).toThrow(/unknown placeholder \{promptfile\}; use \{prompt_file\} \{task\}/);
    expect(() => parseRunnerTemplate('{task} --x')).toThrow(/command itself cannot be a placeholder/);
    expect(() => parseRunnerTemplate('   ')).toThrow(UsageError);
  });

  it('has a documented non-interactive template for each built-in runner', () => {
    expect(Object.keys(BUILTIN_RUNNERS)).toEqual(['claude', 'codex', 'gemini', 'opencode']);
    const claude = builtinRunner('claude');
    expect(claude.command).toBe('claude');
    expect(expandArgs(claude, { prompt_file: '/tmp/p', task: 't', agent: 'a', model: 'opus' })).toEqual(['-p', '--system-prompt-file', '/tmp/p', '--model=opus']);
    expect(expandArgs(claude, { prompt_file: '/tmp/p', task: 't', agent: 'a' })).toEqual(['-p', '--system-prompt-file', '/tmp/p']);
    expect(expandArgs(builtinRunner('codex'), { task: 't', agent: 'a' })).toEqual(['exec', '--skip-git-repo-check', '-']);
    expect(expandArgs(builtinRunner('gemini'), { task: 't', agent: 'a' })).toEqual(['-p', 'Carry out the task above, following the instructions before it.']);
    expect(expandArgs(builtinRunner('opencode'), { task: 't', agent: 'a' })).toEqual(['run']);
    expect(() => builtinRunner('cursor')).toThrow(/--runner must be one of claude, codex, gemini, opencode/);
  });
});

describe('delegation flags', () => {
  it('parses the flags from the command line', () => {
    const args = parseGlobalArgs(['--runner', 'claude', '--runner-timeout', '90s', '--agent-tools', 'a,b', '--agent-tools-max=50', '--sampling-max-tokens', '2000']);
    const d = resolveDelegateConfig(args.flags);
    expect(d.runner?.name).toBe('claude');
    expect(d.timeoutMs).toBe(90_000);
    expect(d.agentTools).toEqual({ kind: 'names', names: ['a', 'b'] });
    expect(d.agentToolsMax).toBe(50);
    expect(d.samplingMaxTokens).toBe(2000);
    expect(args.rest).toEqual([]);
  });

  it('has defaults: no runner, 10 min, 1 MB of output, 40 agent tools', () => {
    const d = testConfig().delegate;
    expect(d.runner).toBeUndefined();
    expect(d.timeoutMs).toBe(600_000);
    expect(d.maxOutputBytes).toBe(1024 * 1024);
    expect(d.agentToolsMax).toBe(40);
    expect(d.agentTools).toBeUndefined();
  });

  it('refuses bad values with a message saying what to give', () => {
    expect(() => resolveDelegateConfig({ runner: 'claude', runnerCommand: 'x' })).toThrow(/--runner or --runner-command, not both/);
    expect(() => parseDuration('--runner-timeout', 'soon', 100, 3_600_000)).toThrow(/e\.g\. 600, 90s, 10m; got "soon"/);
    expect(parseDuration('--runner-timeout', '10m', 100, 3_600_000)).toBe(600_000);
    expect(parseDuration('--runner-timeout', '250ms', 100, 3_600_000)).toBe(250);
    expect(parseDuration('--runner-timeout', '600', 100, 3_600_000)).toBe(600_000);
    expect(() => resolveDelegateConfig({ agentToolsMax: '0' })).toThrow(/--agent-tools-max must be a whole number/);
    expect(() => parseAgentToolsSpec('source:nowhere')).toThrow(/flag, project, user, bundled/);
    expect(() => parseAgentToolsSpec(' , ')).toThrow(/all, source:S/);
    expect(parseAgentToolsSpec('source:user')).toEqual({ kind: 'source', source: 'user' });
    expect(parseAgentToolsSpec('all')).toEqual({ kind: 'all' });
  });
});

describe('model preferences from the agent frontmatter', () => {
  it('maps the aliases to a hint and priorities, full ids to themselves plus the family, and inherit to nothing', () => {
    expect(modelPreferencesFor('sonnet')).toEqual({ hints: [{ name: 'sonnet' }], intelligencePriority: 0.7, speedPriority: 0.5, costPriority: 0.4 });
    expect(modelPreferencesFor('claude-3-5-haiku-20241022')?.hints).toEqual([{ name: 'claude-3-5-haiku-20241022' }, { name: 'haiku' }]);
    expect(modelPreferencesFor('gpt-4o')).toEqual({ hints: [{ name: 'gpt-4o' }] });
    expect(modelPreferencesFor('inherit')).toBeUndefined();
    expect(modelPreferencesFor(undefined)).toBeUndefined();
    expect(modelPreferencesFor('--dangerous')).toBeUndefined();
    expect(modelPreferencesFor('two words')).toBeUndefined();
  });
});
