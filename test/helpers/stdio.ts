/** Spawn the built CLI as a real stdio MCP server, the way a client does. */
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { REPO_ROOT } from './env.js';

export const BIN = path.join(REPO_ROOT, 'dist', 'bin.js');

export interface SpawnedServer {
  client: Client;
  transport: StdioClientTransport;
  /** Errors the client transport saw (a non-JSON-RPC line on stdout shows up here). */
  transportErrors: Error[];
  stderr: () => string;
  close: () => Promise<void>;
}

export async function spawnServer(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<SpawnedServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...args],
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: env.HOME ?? process.env.HOME ?? '/tmp', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const transportErrors: Error[] = [];
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  client.onerror = (e) => transportErrors.push(e);
  await client.connect(transport);
  return { client, transport, transportErrors, stderr: () => stderr, close: () => client.close() };
}
