/**
 * The package's programmatic API (src/index.ts, shipped as dist/index.js + dist/index.d.ts): build a config,
 * load a context, serve it over an SDK transport, close. The installed package is tested the same way by
 * test/package/install.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { closeContext, createContext, createServer, resolveConfig, VERSION, type ServerTransport } from '../../src/index.js';
import { agentFile, tempDir, writeFiles } from '../helpers/env.js';

// Compile-time: the SDK's server transports fit the API's transport type.
const transportsFit: [StdioServerTransport extends ServerTransport ? true : false, StreamableHTTPServerTransport extends ServerTransport ? true : false] = [true, true];
void transportsFit;

describe('the programmatic API', () => {
  it('resolveConfig → createContext → createServer over an SDK transport → closeContext', async () => {
    const home = tempDir();
    const agents = tempDir();
    writeFiles(agents, { 'helper.md': agentFile('embedded-helper', 'Helps the embedding program.') });
    const config = resolveConfig({ agents: [agents], noUser: true, noWatch: true }, { cwd: home, home, env: {} });
    expect(config.agentDirs).toEqual([agents]);
    expect(config.packageRoot).toBe(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..'));
    const lines: string[] = [];
    const ctx = await createContext(config, { logger: { debug: () => undefined, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) } });
    const server = createServer(ctx);
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'embedder', version: '1.0.0' });
    await server.connect(serverTransport);
    await client.connect(clientTransport);
    try {
      expect(server.isConnected()).toBe(true);
      expect(client.getServerVersion()).toEqual({ name: 'agent-catalog-mcp', version: VERSION });
      const list = await client.callTool({ name: 'list_agents', arguments: {} });
      const names = (list.structuredContent as { agents: Array<{ name: string }> }).agents.map((a) => a.name);
      expect(names).toContain('embedded-helper');
      expect(names).toContain('python-pro');
    } finally {
      await client.close();
      await server.close();
      await closeContext(ctx);
    }
    expect(VERSION).toBe((JSON.parse(fs.readFileSync(path.join(config.packageRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('resolveConfig defaults to this process (cwd, home, environment)', () => {
    const config = resolveConfig();
    expect(config.cwd).toBe(process.cwd());
    expect(config.useBundled).toBe(true);
  });
});
