import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { MAX_STRICT_YAML_LINES, readFrontmatter, simpleMapping, splitFrontmatter } from '../../src/catalog/frontmatter.js';

/** What the strict reader gives for a block: YAML.parse with the options the catalog uses. */
function yamlOf(block: string): unknown {
  try {
    return YAML.parse(block, { maxAliasCount: 50, prettyErrors: false, uniqueKeys: false }) ?? {};
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

/** Deterministic blocks built from lines that are simple, nearly simple, or not simple at all. */
function generatedBlocks(count: number): string[] {
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const lines = [
    'name: code-reviewer',
    'description: Reviews code, finds bugs',
    'description: "Use when: reviewing"',
    "description: 'it''s fine'",
    'description: "tab\\tand \\"quotes\\" and \\/ and \\\\"',
    'description: "unknown \\x41 escape"',
    'model: sonnet',
    'tools: Read, Write, Bash',
    'color: C#',
    'a: x]',
    'a: 1',
    'a: 0x1F',
    'a: .5',
    'a: -x',
    'a: null',
    'a: True',
    'a: ~',
    'a: *ref',
    'a: &anchor value',
    'a: !tag value',
    'a: [x, y]',
    'a: {x: 1}',
    'a: x: y',
    'a: x:',
    'a: x #comment',
    'a:  padded  ',
    'a: "q" ',
    'a: "q" # c',
    'a: x\u00a0',
    'a: x\u2028y',
    'a: \u00e9t\u00e9',
    'true: x',
    'Null: x',
    '__proto__: polluted',
    'a:',
    '  - item',
    '  indented: x',
    '# comment',
    '#',
    '   ',
    '\t',
    '',
    'a:\tx',
    'key:value',
    '...',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(rnd() * 5);
    const picked = Array.from({ length: n }, () => lines[Math.floor(rnd() * lines.length)] as string);
    const eol = rnd() < 0.2 ? '\r\n' : '\n';
    out.push((rnd() < 0.5 ? eol : '') + picked.join(eol) + (rnd() < 0.3 ? '\r' : ''));
  }
  return out;
}

describe('frontmatter', () => {
  it('the simple-mapping reader gives exactly what YAML gives, and leaves everything else to YAML', () => {
    let read = 0;
    for (const block of generatedBlocks(4000)) {
      const simple = simpleMapping(block);
      if (simple === undefined) continue;
      read++;
      const strict = yamlOf(block);
      expect(simple, JSON.stringify(block)).toEqual(strict);
      expect(Object.keys(simple), JSON.stringify(block)).toEqual(Object.keys(strict as object));
    }
    // Both branches are exercised: many blocks are simple, many are not.
    expect(read).toBeGreaterThan(200);
    expect(read).toBeLessThan(3600);
    expect(simpleMapping('name: x\ndescription: "a \\u0041"')).toBeUndefined();
    expect(simpleMapping('name: x\r\ndescription: y\r')).toBeUndefined();
  });

  it('splits files the way the catalog always has: BOM, CRLF, no closing line, text after the closing dashes', () => {
    expect(splitFrontmatter('\uFEFF---\nname: a\n---\nbody')).toEqual({ block: '\nname: a', body: 'body', empty: false });
    expect(splitFrontmatter('---\r\nname: a\r\n---\r\nbody\r\n')).toEqual({ block: '\r\nname: a\r', body: 'body\r\n', empty: false });
    expect(splitFrontmatter('---\nname: a\n')).toEqual({ block: '\nname: a\n', body: '', empty: false });
    expect(splitFrontmatter('---\nname: a\n----- more\nbody')).toEqual({ block: '\nname: a', body: '-- more\nbody', empty: false });
    expect(splitFrontmatter('--- \n# only a comment\n  #  another\n---\nbody')?.empty).toBe(true);
    expect(splitFrontmatter('---\n#\n---\n')?.empty).toBe(false);
    expect(splitFrontmatter('----\nname: a\n---\n')).toBeUndefined();
    expect(splitFrontmatter('no frontmatter')).toBeUndefined();
    // In a CRLF file the last value keeps its CR under strict YAML, as it always did.
    expect(readFrontmatter('---\r\nname: a\r\ndescription: b\r\n---\r\n').data).toEqual({ name: 'a', description: 'b\r' });
  });

  it('reads a block of more than MAX_STRICT_YAML_LINES lines with the lenient reader, plain lines included', () => {
    // A block of exactly `lines` lines: the opening line's end, two key lines, then empty lines.
    const block = (lines: number): string => `---\nname: a\ndescription: b\n${'\n'.repeat(lines - 3)}---\nbody`;
    const small = readFrontmatter(block(MAX_STRICT_YAML_LINES));
    expect(small).toMatchObject({ data: { name: 'a', description: 'b' }, parsedWith: 'yaml', body: 'body' });
    const big = readFrontmatter(block(MAX_STRICT_YAML_LINES + 1));
    expect(big).toMatchObject({ data: { name: 'a', description: 'b' }, parsedWith: 'lenient', body: 'body' });
  });

  it('never runs code from a file whose first line names another frontmatter language', () => {
    const g = globalThis as { __acmFrontmatterRan?: boolean };
    const result = readFrontmatter('---js\n{ name: "x", description: (globalThis.__acmFrontmatterRan = true, "y") }\n---\nbody');
    expect(g.__acmFrontmatterRan).toBeUndefined();
    expect(result.hasFrontmatter).toBe(false);
    expect(readFrontmatter('---toml\nname = "x"\n---\n').hasFrontmatter).toBe(false);
  });

  it('reads plain, quoted and non-strict blocks as before', () => {
    expect(readFrontmatter('---\nname: a\ndescription: "Use when: x"\ntools: Read, Write\n---\nBody\n')).toEqual({
      data: { name: 'a', description: 'Use when: x', tools: 'Read, Write' },
      body: 'Body\n',
      parsedWith: 'yaml',
      hasFrontmatter: true,
    });
    const lenient = readFrontmatter('---\nname: a\ndescription: Use when: the user asks\n---\n');
    expect(lenient.parsedWith).toBe('lenient');
    expect(lenient.data).toEqual({ name: 'a', description: 'Use when: the user asks' });
    const typed = readFrontmatter('---\nname: a\ndescription: b\nversion: 2\nenabled: true\n---\n');
    expect(typed.data).toEqual({ name: 'a', description: 'b', version: 2, enabled: true });
  });
});
