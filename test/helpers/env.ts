/** Hermetic test environments: temp folders for cwd and home, config built without process.env. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { resolveConfig, type Config, type FlagValues } from '../../src/app/config.js';
import { closeContext, createContext, type ContextOptions, type ServerContext } from '../../src/app/context.js';
import { createServer } from '../../src/mcp/server.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The public agent corpus (~640 real agents) for corpus-scale tests: $AGENT_CATALOG_CORPUS, else
 * ../shared/corpus beside the repository. A clone elsewhere has none: those tests are then skipped (see
 * describeCorpus) and generated fixtures (catalog-fixture.ts) cover the same shapes.
 */
export const CORPUS = process.env.AGENT_CATALOG_CORPUS ? path.resolve(process.env.AGENT_CATALOG_CORPUS) : path.resolve(REPO_ROOT, '../shared/corpus');
export const HAS_CORPUS = fs.existsSync(path.join(CORPUS, 'snits-claude-files'));
export const SEED_AGENTS = path.join(REPO_ROOT, 'agents');
export const BUNDLED_PROMPTS = path.join(REPO_ROOT, 'shared-prompts');

export function tempDir(prefix = 'acm-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

export function agentFile(name: string, description: string, body = `You are ${name}.\n`, extra = ''): string {
  return `---\nname: ${name}\ndescription: ${description}\n${extra}---\n\n${body}`;
}

/** A config rooted in fresh temp folders (cwd, home); flags as given, environment empty unless passed. */
export function testConfig(flags: FlagValues = {}, env: Record<string, string> = {}): Config & { tmpCwd: string; tmpHome: string } {
  const cwd = tempDir('acm-cwd-');
  const home = tempDir('acm-home-');
  const config = resolveConfig({ noWatch: true, ...flags }, { cwd, home, env }, REPO_ROOT);
  return Object.assign(config, { tmpCwd: cwd, tmpHome: home });
}

export interface Connected {
  client: Client;
  ctx: ServerContext;
  close: () => Promise<void>;
}

export async function connect(config: Config, options: ContextOptions = {}): Promise<Connected> {
  const ctx = await createContext(config, undefined, options);
  const server = createServer(ctx);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    ctx,
    close: async () => {
      await client.close();
      await server.close();
      await closeContext(ctx);
    },
  };
}

/** The text of a tool result's first content item. */
export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((c) => c.text ?? '').join('\n');
}
