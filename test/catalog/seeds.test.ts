import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/catalog/load.js';
import { SEED_AGENTS } from '../helpers/env.js';

const seeds = await buildSnapshot({ sources: [{ kind: 'bundled', dir: SEED_AGENTS, label: 'bundled' }], sharedPromptDirs: [] });

function frontmatterLine(file: string, key: string): string {
  const text = fs.readFileSync(path.join(SEED_AGENTS, file), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`${key}: `));
  if (!line) throw new Error(`no ${key} in ${file}`);
  return line.slice(key.length + 2);
}

describe('the five seed agents', () => {
  it('all load, with their real names and no diagnostics', () => {
    expect(seeds.names).toEqual([
      'container-infrastructure-engineer',
      'infrastructure-specialist',
      'python-engineer',
      'python-infrastructure-engineer',
      'python-pro',
    ]);
    expect(seeds.diagnostics).toEqual([]);
  });

  it('reads the three non-strict-YAML frontmatters leniently, keeping the whole description', () => {
    const lenient = seeds.names.filter((n) => seeds.agents.get(n)?.parsedWith === 'lenient');
    expect(lenient).toHaveLength(3);
    const pie = seeds.agents.get('python-infrastructure-engineer');
    expect(pie?.description).toBe(frontmatterLine('python-infrastructure-engineer.md', 'description'));
    expect(pie?.description).toContain('<commentary>Python tooling expertise needed to ensure proper development workflow</commentary></example>');
    const cie = seeds.agents.get('container-infrastructure-engineer');
    expect(cie?.description).toBe(frontmatterLine('container-infrastructure-engineer.md', 'description'));
  });

  it('turns literal \\n escapes in descriptions into newlines', () => {
    const infra = seeds.agents.get('infrastructure-specialist');
    expect(infra?.description).not.toContain('\\n');
    expect(infra?.description).toContain('business logic.\n\nExamples:\n- <example>');
    expect(infra?.description.endsWith('</example>')).toBe(true);
  });

  it('keeps every other frontmatter field', () => {
    const pro = seeds.agents.get('python-pro');
    expect(pro?.frontmatter).toMatchObject({ version: '2.0.0', maturity: '5-Expert', specialization: 'Python Systems Engineering & Architecture', model: 'sonnet', color: 'green' });
    expect(pro?.model).toBe('sonnet');
    expect(seeds.agents.get('python-infrastructure-engineer')?.color).toBe('black');
    expect(seeds.agents.get('python-engineer')?.color).toBeUndefined();
  });

  it('extracts examples from descriptions and bodies, and summaries without them', () => {
    const pie = seeds.agents.get('python-infrastructure-engineer');
    expect(pie?.examples).toEqual([
      {
        context: 'Pre-commit hooks failing due to tool configuration issues',
        user: 'bandit security scanning is causing pre-commit failures',
        assistant: "I'll use the python-infrastructure-engineer agent to diagnose and fix the bandit configuration issue.",
        commentary: 'Tool configuration problems require Python infrastructure expertise to resolve properly',
      },
      {
        context: 'Quality gates need to be enforced without bypasses',
        user: "We're using --no-verify to bypass quality checks",
        assistant: "Let me engage the python-infrastructure-engineer agent to fix the tooling so all quality gates work properly.",
        commentary: 'Python tooling expertise needed to ensure proper development workflow',
      },
    ]);
    expect(pie?.summary).toBe('Use this agent when you need Python ecosystem tooling, configuration management, and development workflow setup.');
    const infra = seeds.agents.get('infrastructure-specialist');
    expect(infra?.examples.map((e) => e.user)).toEqual([
      'I need to set up a local development environment with PostgreSQL and Redis for my application',
      'How can I set up integration tests that use real PostgreSQL instead of mocks?',
      'Our CI pipeline takes 30 minutes to run, how can we make it faster?',
    ]);
    expect(infra?.summary.endsWith('rather than application code or business logic.')).toBe(true);
    const pro = seeds.agents.get('python-pro');
    expect(pro?.examples).toHaveLength(3);
    expect(pro?.examples[0]?.user).toBe('This neighbor list calculation is too slow in pure Python. How do I speed it up?');
    expect(pro?.examples[0]?.commentary).toBe('Performance optimization via Rust/PyO3 - triggers python-pro.');
    expect(seeds.agents.get('python-engineer')?.examples).toEqual([]);
  });
});
