/** Shared pieces of the delegation tests: a client that can answer sampling, the stub runner, process checks. */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Config } from '../../src/app/config.js';
import { closeContext, createContext, type ContextOptions, type ServerContext } from '../../src/app/context.js';
import type { Logger } from '../../src/shared/logger.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createServer } from '../../src/mcp/server.js';
import { REPO_ROOT } from '../helpers/env.js';

export const STUB = path.join(REPO_ROOT, 'test', 'fixtures', 'stub-runner.mjs');

/** A --runner-command template running the stub runner in MODE with the given extra words. */
export function stubCommand(mode: string, extra = ''): string {
  return `"${process.execPath}" "${STUB}" ${mode} ${extra}`.trim();
}

export interface Session {
  client: Client;
  ctx: ServerContext;
  close: () => Promise<void>;
}

/** An in-memory session with a client built by the caller (e.g. one that declares sampling). */
export async function connectClient(config: Config, client: Client, options: ContextOptions & { logger?: Logger } = {}): Promise<Session> {
  const ctx = await createContext(config, options.logger ?? silentLogger, options);
  const server = createServer(ctx);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
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

/** A logger that keeps every line (to check what the server reports on stderr). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => void lines.push(`debug: ${m}`),
    info: (m) => void lines.push(`info: ${m}`),
    warn: (m) => void lines.push(`warning: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
  };
}

/** Whether a process is still running (a zombie waiting to be reaped counts as gone). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}
