// Churn writer for test/fault/churn.test.ts, run as its own process:
//   node churn-writer.mjs init  CONFIG_JSON   writes the starting catalog
//   node churn-writer.mjs churn CONFIG_JSON   adds, edits, renames and deletes agent and fragment files
// The churn goes in bursts of CONFIG.burst operations. It prints "started N bursts", does the first
// burst, and does each next one when a line arrives on stdin: the test paces it by the calls it has had
// answered, so the churn spans the calls on any machine (if stdin closes, the rest goes unpaced).
// Every version of every file it ever writes goes into CONFIG.logPath (JSON), so the test can check that
// whatever the server answered was a version some file really had. Edits are written either atomically
// (temp file + rename, as most editors and tools do) or in place (truncate + one write); fragments are
// always replaced atomically. Temp files start with a dot and do not end in .md, so no scanner sees them.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import readline from 'node:readline';

const [mode, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson ?? '{}');
const { agentsDir, sharedDir, logPath, identities, initial, burst, extraOps, seed } = config;

let state = seed >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rand() * n);
const pad = (i) => String(i).padStart(3, '0');
const agentName = (i) => `ag-${pad(i)}`;
const fragName = (i) => `fr-${pad(i)}`;
const FOLDERS = ['', 'sub', 'sub/deeper'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
const filler = (n, salt) => Array.from({ length: n }, (_, k) => WORDS[(k * 7 + salt) % WORDS.length]).join(' ');

function description(i, v) {
  return `${agentName(i)} version ${v} handles churn task ${i}; ${filler(20 + ((i + v) % 15), i + v)} END ${agentName(i)} v${v}`;
}

function agentText(i, v) {
  const refs = [fragName(i % identities), fragName((i * 7 + v) % identities)];
  const lines = Array.from({ length: 15 + (v % 10) }, (_, k) => `Line ${k} of ${agentName(i)} v${v}: ${filler(12, k + v)}`);
  const body = [`BODY-BEGIN ${agentName(i)} v${v}`, `You are ${agentName(i)}.`, `@~/.claude/shared-prompts/${refs[0]}.md`, ...lines, `@~/.claude/shared-prompts/${refs[1]}.md`, `BODY-END ${agentName(i)} v${v}`];
  return { text: `---\nname: ${agentName(i)}\ndescription: ${description(i, v)}\nmodel: sonnet\n---\n\n${body.join('\n')}\n`, refs };
}

function fragmentText(i, v) {
  const lines = Array.from({ length: 10 + ((i + v) % 40) }, (_, k) => `- ${fragName(i)} v${v} rule ${k}: ${filler(10, i * 3 + k + v)}`);
  return `FRAG-BEGIN ${fragName(i)} v${v}\n${lines.join('\n')}\nFRAG-END ${fragName(i)} v${v}\n`;
}

const log = { agents: {}, fragments: {}, ops: [] };
const agentAt = new Map(); // identity -> relative path (present agents)
const fragPresent = new Set();
const agentVersion = new Map();
const fragVersion = new Map();
let tmpCounter = 0;

function writeAtomic(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${tmpCounter++}`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function writeAgent(i, rel, inPlace) {
  const v = (agentVersion.get(i) ?? 0) + 1;
  agentVersion.set(i, v);
  const { text } = agentText(i, v);
  (log.agents[agentName(i)] ??= { versions: {}, paths: [] }).versions[v] = description(i, v);
  const abs = path.join(agentsDir, rel);
  if (!log.agents[agentName(i)].paths.includes(abs)) log.agents[agentName(i)].paths.push(abs);
  if (inPlace) fs.writeFileSync(abs, text);
  else writeAtomic(abs, text);
  agentAt.set(i, rel);
  return v;
}

function writeFragment(i) {
  const v = (fragVersion.get(i) ?? 0) + 1;
  fragVersion.set(i, v);
  const text = fragmentText(i, v);
  (log.fragments[`${fragName(i)}.md`] ??= []).push(text);
  writeAtomic(path.join(sharedDir, `${fragName(i)}.md`), text);
  fragPresent.add(i);
}

function newAgentPath(i) {
  return path.join(FOLDERS[int(FOLDERS.length)], `${agentName(i)}${rand() < 0.5 ? '' : `-r${int(1000)}`}.md`);
}

function agentOp(i) {
  const rel = agentAt.get(i);
  if (rel === undefined) {
    const inPlace = rand() < 0.5;
    writeAgent(i, newAgentPath(i), inPlace);
    log.ops.push(`add agent ${i}${inPlace ? ' (in place)' : ''}`);
    return;
  }
  const r = rand();
  if (r < 0.55) {
    const inPlace = rand() < 0.5;
    writeAgent(i, rel, inPlace);
    log.ops.push(`edit agent ${i}${inPlace ? ' (in place)' : ''}`);
  } else if (r < 0.75) {
    let to = newAgentPath(i);
    while (to === rel) to = newAgentPath(i);
    const abs = path.join(agentsDir, to);
    if (!log.agents[agentName(i)].paths.includes(abs)) log.agents[agentName(i)].paths.push(abs);
    fs.renameSync(path.join(agentsDir, rel), abs);
    agentAt.set(i, to);
    log.ops.push(`rename agent ${i}`);
  } else {
    fs.unlinkSync(path.join(agentsDir, rel));
    agentAt.delete(i);
    log.ops.push(`delete agent ${i}`);
  }
}

function fragmentOp(i) {
  const file = path.join(sharedDir, `${fragName(i)}.md`);
  if (!fragPresent.has(i)) {
    writeFragment(i);
    log.ops.push(`add fragment ${i}`);
    return;
  }
  const r = rand();
  if (r < 0.55) {
    writeFragment(i);
    log.ops.push(`edit fragment ${i}`);
  } else if (r < 0.7) {
    // Renamed away: references to the old name become unresolved.
    fs.renameSync(file, path.join(sharedDir, `${fragName(i)}-moved-${int(1000)}.md`));
    fragPresent.delete(i);
    log.ops.push(`rename fragment ${i}`);
  } else {
    fs.unlinkSync(file);
    fragPresent.delete(i);
    log.ops.push(`delete fragment ${i}`);
  }
}

function restoreState() {
  const saved = JSON.parse(fs.readFileSync(logPath, 'utf8'));
  Object.assign(log, saved);
  for (const [name, entry] of Object.entries(saved.agents)) {
    const i = Number(name.slice(3));
    agentVersion.set(i, Math.max(...Object.keys(entry.versions).map(Number)));
  }
  for (const [file, versions] of Object.entries(saved.fragments)) fragVersion.set(Number(file.slice(3, 6)), versions.length);
  for (const [i, rel] of saved.present.agents) agentAt.set(i, rel);
  for (const i of saved.present.fragments) fragPresent.add(i);
}

function saveState() {
  log.present = { agents: [...agentAt], fragments: [...fragPresent] };
  fs.writeFileSync(logPath, JSON.stringify(log));
}

if (mode === 'init') {
  for (const f of FOLDERS) fs.mkdirSync(path.join(agentsDir, f), { recursive: true });
  fs.mkdirSync(sharedDir, { recursive: true });
  for (let i = 0; i < initial; i++) writeAgent(i, path.join(FOLDERS[i % FOLDERS.length], `${agentName(i)}.md`), false);
  for (let i = 0; i < initial; i++) writeFragment(i);
  saveState();
} else if (mode === 'churn') {
  restoreState();
  // Every identity (agents and fragments, 0..identities-1) is touched once in random order, then
  // `extraOps` more random operations; agent and fragment operations alternate.
  const order = (n) => {
    const a = Array.from({ length: n }, (_, k) => k);
    for (let k = n - 1; k > 0; k--) {
      const j = int(k + 1);
      [a[k], a[j]] = [a[j], a[k]];
    }
    return a;
  };
  const ops = [];
  const ag = [...order(identities), ...Array.from({ length: extraOps }, () => int(identities))];
  const fr = [...order(identities), ...Array.from({ length: extraOps }, () => int(identities))];
  for (let k = 0; k < ag.length; k++) ops.push(() => agentOp(ag[k]), () => fragmentOp(fr[k]));
  const go = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  let paced = true;
  process.stdout.write(`started ${Math.ceil(ops.length / burst)} bursts\n`);
  for (let k = 0; k < ops.length; k++) {
    if (k > 0 && k % burst === 0 && paced) paced = !(await go.next()).done;
    ops[k]();
  }
  process.stdin.destroy();
  saveState();
  process.stdout.write(`done ${ops.length}\n`);
} else {
  process.stderr.write(`usage: churn-writer.mjs init|churn CONFIG_JSON\n`);
  process.exitCode = 2;
}
