/**
 * Project detection: read a project's own files (package.json, pyproject.toml, Cargo.toml, go.mod, Makefile,
 * .pre-commit-config.yaml) and say which typecheck / lint / lint-fix / test / format commands it really has.
 * Every command carries its evidence; a command without evidence is left out, with the reason why.
 * Detection never throws on a broken project file: it records a warning and goes on.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { readFileInsideSync } from '../shared/safe-paths.js';
import { parse as parseYaml } from 'yaml';
import { isSpace, skipBackward } from '../shared/text-scan.js';
import { COMMAND_KINDS, COMMAND_LABELS } from './types.js';
import type { CommandKind, Ecosystem, Evidence, PackageManager, ProjectCommand, ProjectProfile } from './types.js';

/** Project files larger than this are not read (real ones are a few KB). */
export const MAX_PROJECT_FILE_BYTES = 1024 * 1024;

export type ProjectFileRead = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

/**
 * Read the file `name` directly in the project folder `dir` (a real path) through the one check every read
 * of a possibly crafted folder goes through (readFileInsideSync): a regular file inside the folder, never a
 * symlink (a project may ship `package.json -> ~/.ssh/id_ed25519`), FIFO or device, not hard-linked, within
 * MAX_PROJECT_FILE_BYTES. A refusal says why, without quoting the file.
 */
export function readProjectFileSync(dir: string, name: string): ProjectFileRead {
  const read = readFileInsideSync(dir, path.join(dir, name), { maxBytes: MAX_PROJECT_FILE_BYTES, singleLink: true });
  if (read.ok) return { ok: true, text: read.data.toString('utf8') };
  if (read.refusal === 'missing') return { ok: false, missing: true, reason: 'no such file' };
  const reason = read.refusal === 'symlink' ? 'it is a symlink (project files are read only as regular files inside the project folder)' : read.reason;
  return { ok: false, missing: false, reason };
}

/** A JSON.parse error, said without the text it quotes (Node's messages include the start of the input). */
export function jsonErrorSummary(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(message);
  if (/end of JSON input/i.test(message)) return 'the JSON ends too early';
  return at ? `syntax error at character ${at[1]}` : 'syntax error';
}

/**
 * Precedence between sources of the same command kind (lower wins). A Makefile target or a package.json
 * script is the project's own entry point; tool configuration comes next; a bare dependency after that.
 */
const RANK = {
  makeTarget: 0,
  script: 1,
  makeCheck: 1.5,
  scriptDerived: 1.6,
  toolConfig: 2,
  dependency: 3,
  preCommitHook: 4,
  preCommitAll: 5,
} as const;

interface Candidate extends ProjectCommand {
  kind: CommandKind;
  rank: number;
  seq: number;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

class Detection {
  readonly candidates: Candidate[] = [];
  readonly hints: Partial<Record<CommandKind, string>> = {};
  readonly warnings: string[] = [];
  readonly ecosystems: Ecosystem[] = [];
  readonly examined: string[] = [];
  private seq = 0;

  constructor(
    readonly dir: string,
    /** The folder's real path: files are read only inside it. */
    readonly real: string,
    readonly entries: Set<string>,
  ) {}

  has(name: string): boolean {
    return this.entries.has(name);
  }

  firstExisting(names: readonly string[]): string | undefined {
    return names.find((n) => this.entries.has(n));
  }

  add(kind: CommandKind, command: string, evidence: Evidence, rank: number): void {
    this.candidates.push({ kind, command, evidence, rank, seq: this.seq++ });
  }

  hint(kind: CommandKind, reason: string): void {
    this.hints[kind] ??= reason;
  }

  ecosystem(e: Ecosystem): void {
    if (!this.ecosystems.includes(e)) this.ecosystems.push(e);
  }

  /** The text of `name` in the project folder (see readProjectFileSync), or undefined with a warning saying why not. */
  async read(name: string): Promise<string | undefined> {
    if (!this.entries.has(name)) return undefined;
    const out = readProjectFileSync(this.real, name);
    if (!out.ok) {
      if (!out.missing) this.warnings.push(`${name}: ${out.reason}; not read`);
      return undefined;
    }
    this.examined.push(name);
    return out.text;
  }

  best(kind: CommandKind): Candidate | undefined {
    let best: Candidate | undefined;
    for (const c of this.candidates) {
      if (c.kind !== kind) continue;
      if (!best || c.rank < best.rank || (c.rank === best.rank && c.seq < best.seq)) best = c;
    }
    return best;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Node: package.json scripts and dependencies, package manager from the lockfile.

const LOCKFILES: ReadonlyArray<[string, PackageManager]> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];

const SCRIPT_NAMES: Record<CommandKind, readonly string[]> = {
  typecheck: ['typecheck', 'type-check', 'typecheck:all', 'check-types', 'check:types', 'types:check', 'tsc'],
  lint: ['lint', 'lint:check', 'lint:all', 'eslint'],
  lintFix: ['lint:fix', 'lint-fix', 'lintfix', 'fix', 'lint:write', 'eslint:fix'],
  test: ['test', 'test:all', 'test:unit', 'tests', 'unit'],
  format: ['format', 'fmt', 'format:write', 'format:fix', 'prettier', 'prettier:write'],
};

const FIX_FLAG = /\s--(fix|write|apply)\b/;

/** When no script has one of the usual names, a script whose body runs the tool still counts. */
const SCRIPT_BODIES: Partial<Record<CommandKind, (body: string) => boolean>> = {
  typecheck: (b) => inOneCommand(b, /\b(tsc|vue-tsc)\b/, /--noEmit\b/) || /\bsvelte-check\b/.test(b),
  lint: (b) => /\b(eslint|biome\s+(lint|check)|oxlint)\b/.test(b) && !FIX_FLAG.test(b),
  lintFix: (b) => /\b(eslint|biome\s+(lint|check)|oxlint)\b/.test(b) && FIX_FLAG.test(b),
  format: (b) => (/\bprettier\b/.test(b) && /\s--write\b/.test(b)) || inOneCommand(b, /\bbiome\s+format\b/, /--write\b/) || /\bdprint\s+fmt\b/.test(b),
};

/**
 * Whether `tool` is followed by `flag` within one command of a script body (no `&`, `|` or `;` between):
 * what `/tool[^&|;]*flag/` tested, one command at a time (that expression rescanned each command from every
 * place the tool's name occurs).
 */
function inOneCommand(body: string, tool: RegExp, flag: RegExp): boolean {
  for (const command of body.split(/[&|;]/)) {
    const m = tool.exec(command);
    if (m && flag.test(command.slice(m.index + m[0].length))) return true;
  }
  return false;
}

function isPlaceholderTestScript(body: string): boolean {
  return /no test specified/i.test(body);
}

function runScript(pm: PackageManager, script: string, extra = ''): string {
  return `${pm} run ${script}${extra}`;
}

function execBin(pm: PackageManager, bin: string): string {
  switch (pm) {
    case 'npm':
      return `npx ${bin}`;
    case 'pnpm':
      return `pnpm exec ${bin}`;
    case 'yarn':
      return `yarn ${bin}`;
    case 'bun':
      return `bunx ${bin}`;
  }
}

/** Extra arguments for `<pm> run <script>`: npm needs `--` before them, the others pass them through. */
function passArgs(pm: PackageManager, args: string): string {
  return pm === 'npm' ? ` -- ${args}` : ` ${args}`;
}

function packageManagerFrom(d: Detection, pkg: Json): { name: PackageManager; evidence: Evidence } {
  const found = LOCKFILES.filter(([file]) => d.has(file));
  const declared = typeof pkg.packageManager === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(pkg.packageManager)?.[1] : undefined;
  const distinct = [...new Set(found.map(([, pm]) => pm))];
  if (distinct.length === 1 && found[0]) {
    return { name: found[0][1], evidence: { file: found[0][0], why: `lockfile of ${found[0][1]}` } };
  }
  if (distinct.length > 1) {
    const pick = found.find(([, pm]) => pm === declared) ?? found[0];
    if (pick) {
      d.warnings.push(`several lockfiles (${found.map(([f]) => f).join(', ')}); using ${pick[1]}`);
      const why = pick[1] === declared ? `lockfile of ${pick[1]}, which package.json "packageManager" names` : `lockfile of ${pick[1]} (first of several lockfiles)`;
      return { name: pick[1], evidence: { file: pick[0], why } };
    }
  }
  if (declared) {
    return { name: declared as PackageManager, evidence: { file: 'package.json', why: `"packageManager": "${String(pkg.packageManager)}"` } };
  }
  return { name: 'npm', evidence: { file: 'package.json', why: 'no lockfile and no "packageManager" field; npm is the default' } };
}

async function detectNode(d: Detection): Promise<{ name?: string; pm?: { name: PackageManager; evidence: Evidence } }> {
  const text = await d.read('package.json');
  if (text === undefined) return {};
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (err) {
    d.warnings.push(`package.json: not valid JSON (${jsonErrorSummary(err)}); ignored`);
    return {};
  }
  if (!isRecord(pkg)) {
    d.warnings.push('package.json: not a JSON object; ignored');
    return {};
  }
  d.ecosystem('node');
  const pm = packageManagerFrom(d, pkg);
  const scripts = stringRecord(pkg.scripts);
  const deps = { ...stringRecord(pkg.dependencies), ...stringRecord(pkg.optionalDependencies), ...stringRecord(pkg.devDependencies) };
  const hasDep = (n: string): boolean => n in deps;
  const pmName = pm.name;

  // 1. Scripts with the usual names, then scripts whose body runs the tool.
  const chosenScript: Partial<Record<CommandKind, string>> = {};
  for (const kind of COMMAND_KINDS) {
    let script = SCRIPT_NAMES[kind].find((n) => scripts[n] !== undefined && !(kind === 'test' && isPlaceholderTestScript(scripts[n] ?? '')));
    let why = script ? `script "${script}": ${scripts[script]}` : '';
    if (!script) {
      const matches = SCRIPT_BODIES[kind];
      const taken = new Set(Object.values(chosenScript));
      script = matches ? Object.keys(scripts).find((n) => !taken.has(n) && matches(scripts[n] ?? '')) : undefined;
      if (script) why = `script "${script}" runs: ${scripts[script]}`;
    }
    if (script) {
      chosenScript[kind] = script;
      d.add(kind, runScript(pmName, script), { file: 'package.json', why }, RANK.script);
    } else if (kind === 'test' && scripts.test !== undefined) {
      d.hint('test', 'package.json "test" script is npm\'s "no test specified" stub');
    }
  }
  // A lint script that is a single eslint / biome call can be re-run with its fix flag.
  const lintScript = chosenScript.lint;
  const lintBody = lintScript ? (scripts[lintScript] ?? '') : '';
  if (lintScript && !chosenScript.lintFix && !/&&|\|\||;|\|/.test(lintBody)) {
    const flag = /^\s*eslint\b/.test(lintBody) ? '--fix' : /^\s*biome\s+(lint|check)\b/.test(lintBody) ? '--write' : undefined;
    if (flag) {
      d.add('lintFix', runScript(pmName, lintScript, passArgs(pmName, flag)), { file: 'package.json', why: `script "${lintScript}" is a single ${lintBody.trim().split(/\s+/)[0]} call; ${flag} applies its fixes` }, RANK.scriptDerived);
    }
  }

  // 2. Tools from dependencies.
  const depWhy = (dep: string, configs: readonly string[] = []): string => {
    const config = d.firstExisting(configs);
    return `${dep in stringRecord(pkg.devDependencies) ? 'devDependency' : 'dependency'} "${dep}"${config ? ` and ${config}` : ''}`;
  };
  if (hasDep('typescript')) {
    if (d.has('tsconfig.json')) {
      d.add('typecheck', execBin(pmName, 'tsc --noEmit'), { file: 'package.json', why: depWhy('typescript', ['tsconfig.json']) }, RANK.dependency);
    } else {
      d.hint('typecheck', 'typescript is a dependency but there is no tsconfig.json');
    }
  }
  const eslintConfigs = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml', '.eslintrc'];
  if (hasDep('eslint')) {
    d.add('lint', execBin(pmName, 'eslint .'), { file: 'package.json', why: depWhy('eslint', eslintConfigs) }, RANK.dependency);
    d.add('lintFix', execBin(pmName, 'eslint . --fix'), { file: 'package.json', why: depWhy('eslint', eslintConfigs) }, RANK.dependency);
  }
  if (hasDep('@biomejs/biome')) {
    const why = depWhy('@biomejs/biome', ['biome.json', 'biome.jsonc']);
    d.add('lint', execBin(pmName, 'biome lint .'), { file: 'package.json', why }, RANK.dependency);
    d.add('lintFix', execBin(pmName, 'biome lint --write .'), { file: 'package.json', why }, RANK.dependency);
  }
  if (hasDep('vitest')) d.add('test', execBin(pmName, 'vitest run'), { file: 'package.json', why: depWhy('vitest', ['vitest.config.ts', 'vitest.config.js', 'vitest.config.mts', 'vite.config.ts']) }, RANK.dependency);
  if (hasDep('jest')) d.add('test', execBin(pmName, 'jest'), { file: 'package.json', why: depWhy('jest', ['jest.config.js', 'jest.config.ts', 'jest.config.cjs', 'jest.config.mjs']) }, RANK.dependency);
  const prettierConfigs = ['.prettierrc', '.prettierrc.json', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mjs', 'prettier.config.js', 'prettier.config.mjs', 'prettier.config.cjs'];
  if (hasDep('prettier')) d.add('format', execBin(pmName, 'prettier --write .'), { file: 'package.json', why: depWhy('prettier', prettierConfigs) }, RANK.dependency);
  if (hasDep('@biomejs/biome')) d.add('format', execBin(pmName, 'biome format --write .'), { file: 'package.json', why: depWhy('@biomejs/biome', ['biome.json', 'biome.jsonc']) }, RANK.dependency);

  const name = typeof pkg.name === 'string' && pkg.name.trim() !== '' ? pkg.name.trim() : undefined;
  return name === undefined ? { pm } : { name, pm };
}

// ---------------------------------------------------------------------------------------------------------
// Python: pyproject.toml tool sections, stand-alone tool config files, uv / poetry runners.

function normalizePyName(spec: string): string | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec);
  return m?.[1]?.toLowerCase().replace(/[._]/g, '-');
}

function tableAt(root: Json, ...keys: string[]): Json | undefined {
  let cur: unknown = root;
  for (const k of keys) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return isRecord(cur) ? cur : undefined;
}

/** Every dependency name the pyproject declares, in any group, lower-case and normalised. */
function pythonDependencies(py: Json): Set<string> {
  const out = new Set<string>();
  const addSpecs = (v: unknown): void => {
    if (!Array.isArray(v)) return;
    for (const s of v) if (typeof s === 'string') {
      const n = normalizePyName(s);
      if (n) out.add(n);
    }
  };
  const addKeys = (t: Json | undefined): void => {
    if (t) for (const k of Object.keys(t)) out.add(k.toLowerCase().replace(/[._]/g, '-'));
  };
  const project = tableAt(py, 'project');
  addSpecs(project?.dependencies);
  for (const group of Object.values(tableAt(py, 'project', 'optional-dependencies') ?? {})) addSpecs(group);
  for (const group of Object.values(tableAt(py, 'dependency-groups') ?? {})) addSpecs(group);
  addSpecs(tableAt(py, 'tool', 'uv')?.['dev-dependencies']);
  addKeys(tableAt(py, 'tool', 'poetry', 'dependencies'));
  addKeys(tableAt(py, 'tool', 'poetry', 'dev-dependencies'));
  for (const group of Object.values(tableAt(py, 'tool', 'poetry', 'group') ?? {})) addKeys(isRecord(group) ? tableAt(group, 'dependencies') : undefined);
  return out;
}

async function iniHasSection(d: Detection, file: string, section: string): Promise<boolean> {
  if (!d.has(file)) return false;
  const text = await d.read(file);
  // A line that is only `[section]` (blanks around): compared line by line, no expression built from data.
  const header = `[${section}]`;
  return text !== undefined && text.split(/[\n\r\u2028\u2029]/).some((line) => line.trim() === header);
}

async function detectPython(d: Detection): Promise<{ name?: string }> {
  let py: Json = {};
  let hasPyproject = false;
  const text = await d.read('pyproject.toml');
  if (text !== undefined) {
    try {
      py = parseToml(text) as Json;
      hasPyproject = true;
    } catch (err) {
      d.warnings.push(`pyproject.toml: not valid TOML (${(err as Error).message.split('\n')[0] ?? ''}); ignored`);
    }
  }
  const toolFiles = ['ruff.toml', '.ruff.toml', 'mypy.ini', '.mypy.ini', 'pytest.ini', 'pyrightconfig.json', '.flake8'];
  const setupCfgMypy = await iniHasSection(d, 'setup.cfg', 'mypy');
  const setupCfgPytest = await iniHasSection(d, 'setup.cfg', 'tool:pytest');
  const toxPytest = await iniHasSection(d, 'tox.ini', 'pytest');
  if (!hasPyproject && !d.firstExisting(toolFiles) && !setupCfgMypy && !setupCfgPytest && !toxPytest) return {};
  d.ecosystem('python');

  const tool = tableAt(py, 'tool') ?? {};
  const deps = pythonDependencies(py);
  const depEvidence = (dep: string): Evidence => ({ file: 'pyproject.toml', why: `"${dep}" is a declared dependency` });

  // Runner: uv / poetry / pdm, else the tools are called directly.
  let run = '';
  let runnerNote = '';
  if (d.has('uv.lock')) [run, runnerNote] = ['uv run ', 'uv.lock'];
  else if (d.has('poetry.lock')) [run, runnerNote] = ['poetry run ', 'poetry.lock'];
  else if (isRecord(tool.poetry)) [run, runnerNote] = ['poetry run ', '[tool.poetry]'];
  else if (isRecord(tool.uv)) [run, runnerNote] = ['uv run ', '[tool.uv]'];
  else if (d.has('pdm.lock')) [run, runnerNote] = ['pdm run ', 'pdm.lock'];
  const via = runnerNote ? `; run through ${run.split(' ')[0] ?? ''} (${runnerNote})` : '';

  // Type checking.
  const mypyTable = tableAt(tool, 'mypy');
  const mypyCmd = `${run}mypy${mypyTable && mypyTable.files !== undefined ? '' : ' .'}`;
  if (mypyTable) d.add('typecheck', mypyCmd, { file: 'pyproject.toml', why: `[tool.mypy] section${via}` }, RANK.toolConfig);
  const mypyIni = d.firstExisting(['mypy.ini', '.mypy.ini']);
  if (mypyIni) d.add('typecheck', `${run}mypy .`, { file: mypyIni, why: `mypy configuration file${via}` }, RANK.toolConfig);
  if (setupCfgMypy) d.add('typecheck', `${run}mypy .`, { file: 'setup.cfg', why: `[mypy] section${via}` }, RANK.toolConfig);
  if (isRecord(tool.pyright)) d.add('typecheck', `${run}pyright`, { file: 'pyproject.toml', why: `[tool.pyright] section${via}` }, RANK.toolConfig);
  if (d.has('pyrightconfig.json')) d.add('typecheck', `${run}pyright`, { file: 'pyrightconfig.json', why: `pyright configuration file${via}` }, RANK.toolConfig);
  if (deps.has('mypy')) d.add('typecheck', `${run}mypy .`, depEvidence('mypy'), RANK.dependency);
  if (deps.has('pyright')) d.add('typecheck', `${run}pyright`, depEvidence('pyright'), RANK.dependency);

  // Linting (ruff, flake8).
  const ruffTable = tableAt(tool, 'ruff');
  const ruffFile = d.firstExisting(['ruff.toml', '.ruff.toml']);
  const ruffEvidence: Evidence | undefined = ruffTable
    ? { file: 'pyproject.toml', why: `[tool.ruff] section${via}` }
    : ruffFile
      ? { file: ruffFile, why: `ruff configuration file${via}` }
      : undefined;
  if (ruffEvidence) {
    d.add('lint', `${run}ruff check .`, ruffEvidence, RANK.toolConfig);
    d.add('lintFix', `${run}ruff check --fix .`, ruffEvidence, RANK.toolConfig);
  }
  if (deps.has('ruff')) {
    d.add('lint', `${run}ruff check .`, depEvidence('ruff'), RANK.dependency);
    d.add('lintFix', `${run}ruff check --fix .`, depEvidence('ruff'), RANK.dependency);
  }
  if (d.has('.flake8')) d.add('lint', `${run}flake8 .`, { file: '.flake8', why: `flake8 configuration file${via}` }, RANK.toolConfig);
  if (deps.has('flake8')) d.add('lint', `${run}flake8 .`, depEvidence('flake8'), RANK.dependency);

  // Formatting: black when the project uses black, else ruff's formatter when ruff is configured.
  const usesBlack = isRecord(tool.black) || deps.has('black');
  if (isRecord(tool.black)) d.add('format', `${run}black .`, { file: 'pyproject.toml', why: `[tool.black] section${via}` }, RANK.toolConfig);
  if (ruffTable && isRecord(ruffTable.format)) {
    d.add('format', `${run}ruff format .`, { file: 'pyproject.toml', why: `[tool.ruff.format] section${via}` }, RANK.toolConfig);
  } else if (ruffEvidence && !usesBlack) {
    d.add('format', `${run}ruff format .`, { file: ruffEvidence.file, why: `${ruffEvidence.why.split(';', 1)[0]} and no black; ruff format is ruff's formatter${via}` }, RANK.toolConfig);
  }
  if (deps.has('black')) d.add('format', `${run}black .`, depEvidence('black'), RANK.dependency);
  if (deps.has('ruff') && !usesBlack) d.add('format', `${run}ruff format .`, depEvidence('ruff'), RANK.dependency);

  // Tests.
  if (tableAt(tool, 'pytest', 'ini_options')) d.add('test', `${run}pytest`, { file: 'pyproject.toml', why: `[tool.pytest.ini_options] section${via}` }, RANK.toolConfig);
  if (d.has('pytest.ini')) d.add('test', `${run}pytest`, { file: 'pytest.ini', why: `pytest configuration file${via}` }, RANK.toolConfig);
  if (setupCfgPytest) d.add('test', `${run}pytest`, { file: 'setup.cfg', why: `[tool:pytest] section${via}` }, RANK.toolConfig);
  if (toxPytest) d.add('test', `${run}pytest`, { file: 'tox.ini', why: `[pytest] section${via}` }, RANK.toolConfig);
  if (deps.has('pytest')) d.add('test', `${run}pytest`, depEvidence('pytest'), RANK.dependency);
  if (d.has('conftest.py')) d.add('test', `${run}pytest`, { file: 'conftest.py', why: `pytest conftest.py at the project root${via}` }, RANK.dependency);

  const projectName = tableAt(py, 'project')?.name ?? tableAt(tool, 'poetry')?.name;
  return typeof projectName === 'string' && projectName.trim() !== '' ? { name: projectName.trim() } : {};
}

// ---------------------------------------------------------------------------------------------------------
// Rust and Go: the toolchain brings its own commands.

async function detectRust(d: Detection): Promise<{ name?: string }> {
  const text = await d.read('Cargo.toml');
  if (text === undefined) return {};
  let cargo: Json;
  try {
    cargo = parseToml(text) as Json;
  } catch (err) {
    d.warnings.push(`Cargo.toml: not valid TOML (${(err as Error).message.split('\n')[0] ?? ''}); ignored`);
    return {};
  }
  d.ecosystem('rust');
  const workspace = isRecord(cargo.workspace);
  const ws = workspace ? ' --workspace' : '';
  const kindOf = workspace ? 'Cargo workspace ([workspace])' : 'Cargo package';
  const ev = (why: string): Evidence => ({ file: 'Cargo.toml', why: `${kindOf}; ${why}` });
  d.add('typecheck', `cargo check${ws} --all-targets`, ev('cargo check type-checks without building'), RANK.toolConfig);
  d.add('lint', `cargo clippy${ws} --all-targets -- -D warnings`, ev('clippy is the standard Rust linter'), RANK.toolConfig);
  d.add('lintFix', `cargo clippy${ws} --fix --allow-dirty`, ev('clippy --fix applies its suggestions'), RANK.toolConfig);
  d.add('test', `cargo test${ws}`, ev('cargo test runs unit and integration tests'), RANK.toolConfig);
  d.add('format', workspace ? 'cargo fmt --all' : 'cargo fmt', ev(`rustfmt through cargo fmt${d.has('rustfmt.toml') ? ' (rustfmt.toml present)' : ''}`), RANK.toolConfig);
  const name = tableAt(cargo, 'package')?.name;
  return typeof name === 'string' && name.trim() !== '' ? { name: name.trim() } : {};
}

async function detectGo(d: Detection): Promise<{ name?: string }> {
  const text = await d.read('go.mod');
  if (text === undefined) return {};
  d.ecosystem('go');
  const ev = (why: string): Evidence => ({ file: 'go.mod', why: `Go module; ${why}` });
  d.add('typecheck', 'go build ./...', ev('go build type-checks every package'), RANK.toolConfig);
  const golangci = d.firstExisting(['.golangci.yml', '.golangci.yaml', '.golangci.toml', '.golangci.json']);
  if (golangci) {
    d.add('lint', 'golangci-lint run', { file: golangci, why: 'golangci-lint configuration file' }, RANK.toolConfig);
    d.add('lintFix', 'golangci-lint run --fix', { file: golangci, why: 'golangci-lint configuration file; --fix applies fixes' }, RANK.toolConfig);
  }
  d.add('lint', 'go vet ./...', ev('go vet is the toolchain\'s own checker'), RANK.toolConfig);
  if (!golangci) d.hint('lintFix', 'go vet has no auto-fix, and there is no .golangci.yml for golangci-lint --fix');
  d.add('test', 'go test ./...', ev('go test runs every package\'s tests'), RANK.toolConfig);
  d.add('format', 'gofmt -w .', ev('gofmt is the toolchain\'s formatter'), RANK.toolConfig);
  // Blanks before `module` stay on its line: `^\s*` in multiline mode would rescan every following blank line.
  const module = /^[^\S\n\r\u2028\u2029]*module\s+(\S+)/m.exec(text)?.[1]?.replace(/^"|"$/g, '');
  const name = module?.split('/').filter((s) => s.length > 0 && !/^v\d+$/.test(s)).pop();
  return name ? { name } : {};
}

// ---------------------------------------------------------------------------------------------------------
// Makefile targets and pre-commit hooks.

const MAKE_TARGETS: Record<CommandKind, readonly string[]> = {
  typecheck: ['typecheck', 'type-check', 'check-types', 'types'],
  lint: ['lint'],
  lintFix: ['lint-fix', 'lint_fix', 'lintfix', 'fix'],
  test: ['test', 'tests'],
  format: ['fmt', 'format'],
};

/**
 * The targets part of a rule line (`targets: prerequisites` or `targets:: …`, not `x := y`): what
 * `/^([^:=#\t][^:=#]*?)\s*::?(?![:=])/` captures, found with indexOf instead of a lazy group that rescans
 * the blanks before the colon at each step.
 */
function ruleHead(line: string): string | undefined {
  const first = line.charCodeAt(0);
  if (line === '' || first === 58 || first === 61 || first === 35 || first === 9) return undefined;
  let colon = -1;
  for (let i = 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 58) colon = i;
    if (c === 58 || c === 61 || c === 35) break;
  }
  if (colon < 0) return undefined;
  const after = line.charCodeAt(colon + 1) === 58 ? colon + 2 : colon + 1;
  const next = line.charCodeAt(after);
  if (after === colon + 2 ? next === 58 || next === 61 : next === 61) return undefined;
  return line.slice(0, Math.max(1, skipBackward(line, colon, isSpace)));
}

/** Explicit target names of a Makefile (rules, not variable assignments, not pattern rules). */
export function makeTargets(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('\t') || /^\s*#/.test(line)) continue;
    const head = ruleHead(line);
    if (!head) continue;
    if (/^\s*(export|override|define|ifeq|ifneq|ifdef|ifndef|include|-include)\b/.test(head)) continue;
    for (const t of head.trim().split(/\s+/)) if (t && !t.includes('%') && !t.includes('$')) out.add(t);
  }
  return out;
}

async function detectMake(d: Detection): Promise<void> {
  const file = d.firstExisting(['GNUmakefile', 'makefile', 'Makefile']);
  if (!file) return;
  const text = await d.read(file);
  if (text === undefined) return;
  const targets = makeTargets(text);
  d.ecosystem('make');
  for (const kind of COMMAND_KINDS) {
    const target = MAKE_TARGETS[kind].find((t) => targets.has(t));
    if (target) d.add(kind, `make ${target}`, { file, why: `target "${target}"` }, RANK.makeTarget);
  }
  // GNU convention: `make check` runs the self-tests.
  if (targets.has('check')) d.add('test', 'make check', { file, why: 'target "check" (GNU convention: runs the tests)' }, RANK.makeCheck);
}

const HOOK_KINDS: Partial<Record<string, CommandKind>> = {
  mypy: 'typecheck',
  pyright: 'typecheck',
  ruff: 'lint',
  'ruff-check': 'lint',
  flake8: 'lint',
  pylint: 'lint',
  eslint: 'lint',
  'golangci-lint': 'lint',
  clippy: 'lint',
  'ruff-format': 'format',
  black: 'format',
  prettier: 'format',
  'go-fmt': 'format',
  gofmt: 'format',
  rustfmt: 'format',
  fmt: 'format',
};

async function detectPreCommit(d: Detection): Promise<void> {
  const file = d.firstExisting(['.pre-commit-config.yaml', '.pre-commit-config.yml']);
  if (!file) return;
  const text = await d.read(file);
  if (text === undefined) return;
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    d.warnings.push(`${file}: not valid YAML (${(err as Error).message.split('\n')[0] ?? ''}); ignored`);
    return;
  }
  const ids: string[] = [];
  const repos = isRecord(doc) && Array.isArray(doc.repos) ? doc.repos : [];
  for (const repo of repos) {
    const hooks = isRecord(repo) && Array.isArray(repo.hooks) ? repo.hooks : [];
    for (const hook of hooks) if (isRecord(hook) && typeof hook.id === 'string') ids.push(hook.id);
  }
  if (ids.length === 0) return;
  d.ecosystem('pre-commit');
  for (const id of ids) {
    const kind = HOOK_KINDS[id];
    if (kind) d.add(kind, `pre-commit run ${id} --all-files`, { file, why: `hook "${id}"` }, RANK.preCommitHook);
  }
  d.add('lint', 'pre-commit run --all-files', { file, why: `${ids.length} hook(s): ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}` }, RANK.preCommitAll);
}

// ---------------------------------------------------------------------------------------------------------

const RECOGNISED_FILES = 'package.json, pyproject.toml, Cargo.toml, go.mod, Makefile or .pre-commit-config.yaml';

/**
 * Detect the profile of the project in `dir` (which must be an existing, readable folder; see safe-dir.ts).
 * Reads only files directly in `dir`.
 */
export async function detectProjectProfile(dir: string): Promise<ProjectProfile> {
  const abs = path.resolve(dir);
  const entries = new Set(await fs.readdir(abs));
  const d = new Detection(abs, await fs.realpath(abs), entries);

  const node = await detectNode(d);
  const python = await detectPython(d);
  const rust = await detectRust(d);
  const go = await detectGo(d);
  await detectMake(d);
  await detectPreCommit(d);

  const commands: ProjectProfile['commands'] = {};
  const missing: ProjectProfile['missing'] = {};
  for (const kind of COMMAND_KINDS) {
    const best = d.best(kind);
    if (best) commands[kind] = { command: best.command, evidence: best.evidence };
    else if (d.ecosystems.length === 0) missing[kind] = `no ${RECOGNISED_FILES} in ${abs}`;
    else missing[kind] = d.hints[kind] ?? `no ${COMMAND_LABELS[kind].toLowerCase()} command found in ${[...new Set(d.examined)].join(', ')}`;
  }

  const named: Array<[string | undefined, string, string]> = [
    [node.name, 'package.json', '"name" field'],
    [python.name, 'pyproject.toml', 'project name'],
    [rust.name, 'Cargo.toml', '[package] name'],
    [go.name, 'go.mod', 'last segment of the module path'],
  ];
  const found = named.find(([n]) => n !== undefined);
  const [name, nameEvidence] =
    found?.[0] !== undefined ? [found[0], { file: found[1], why: found[2] }] : [path.basename(abs) || abs, { file: '.', why: 'folder name (no project name in any project file)' }];

  const profile: ProjectProfile = { dir: abs, name, nameEvidence, ecosystems: d.ecosystems, commands, missing, warnings: d.warnings };
  if (node.pm) profile.packageManager = node.pm;
  return profile;
}
