import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ToolListChangedNotificationSchema, PromptListChangedNotificationSchema, ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { agentFile, connect, tempDir, testConfig, writeFiles } from '../helpers/env.js';
import { eventually } from '../helpers/poll.js';

describe('hot reload of a watched folder', () => {
  it('sees added, edited and deleted agents without restart, and notifies list changes', async () => {
    const dir = tempDir();
    const sp = tempDir();
    writeFiles(dir, { 'first.md': agentFile('first', 'the first agent', 'Body one\n@~/.claude/shared-prompts/frag.md\n') });
    writeFiles(sp, { 'frag.md': 'fragment v1\n' });
    const conn = await connect(testConfig({ agents: [dir], sharedPrompts: [sp], noUser: true, noBundled: true, noWatch: false }), { watch: true });
    const notes: string[] = [];
    conn.client.setNotificationHandler(PromptListChangedNotificationSchema, () => void notes.push('prompts'));
    conn.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void notes.push('resources'));
    conn.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void notes.push('tools'));
    await conn.ctx.catalog.watchReady();
    const names = async (): Promise<string[]> => {
      const r = await conn.client.callTool({ name: 'list_agents', arguments: {} });
      return (r.structuredContent as { agents: Array<{ name: string }> }).agents.map((a) => a.name);
    };
    try {
      expect(await names()).toEqual(['first']);
      writeFiles(dir, { 'sub/second.md': agentFile('second', 'the second agent') });
      expect(await eventually(names, (n) => n.includes('second'), { what: 'the added agent' })).toEqual(['first', 'second']);
      await eventually(() => notes, (n) => n.includes('prompts') && n.includes('resources'), { what: 'prompts and resources list_changed notifications' });

      fs.writeFileSync(path.join(dir, 'first.md'), agentFile('first', 'edited description'));
      const summary = async (): Promise<string> => {
        const r = await conn.client.callTool({ name: 'list_agents', arguments: { query: 'first' } });
        return (r.structuredContent as { agents: Array<{ summary: string }> }).agents[0]?.summary ?? '';
      };
      await eventually(summary, (s) => s === 'edited description', { what: 'the edited description' });

      fs.writeFileSync(path.join(dir, 'first.md'), agentFile('first', 'again', 'Body two\n@~/.claude/shared-prompts/frag.md\n'));
      fs.writeFileSync(path.join(sp, 'frag.md'), 'fragment v2\n');
      const prompt = async (): Promise<string> => {
        const r = await conn.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'first' } });
        return (r.structuredContent as { prompt?: string } | undefined)?.prompt ?? '';
      };
      await eventually(prompt, (p) => p.includes('fragment v2') && p.includes('Body two'), { what: 'the edited body and fragment in the prompt' });

      fs.rmSync(path.join(dir, 'sub', 'second.md'));
      expect(await eventually(names, (n) => !n.includes('second'), { what: 'the deleted agent to go' })).toEqual(['first']);
      const gone = await conn.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'second' } });
      expect(gone.isError).toBe(true);
    } finally {
      await conn.close();
    }
  });
});
