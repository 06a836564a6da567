/**
 * createJournalServer: journal-only mode (`--only journal`). The reference private-journal server's four
 * tools, with its names and argument shapes, and nothing else (no prompts, resources or other tools), so
 * this package can be registered a second time as `private-journal`. Transport-agnostic, like createServer.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { jsonSchemaValidator } from './server.js';
import { compactToolList } from './tool-list.js';
import { registerTools } from './tools/dispatch.js';
import { REFERENCE_JOURNAL_TOOLS } from './tools/journal/reference.js';
import type { JournalToolContext } from './tools/journal/shared.js';
import { VERSION } from '../shared/version.js';

export function createJournalServer(ctx: JournalToolContext): McpServer {
  const server = new McpServer(
    { name: 'agent-catalog-mcp', version: VERSION },
    {
      jsonSchemaValidator,
      instructions:
        'Private journal (journal-only mode of agent-catalog-mcp): process_thoughts to write, search_journal and list_recent_entries to find entries, read_journal_entry to read one.',
    },
  );
  compactToolList(server);
  registerTools(server, ctx, REFERENCE_JOURNAL_TOOLS);
  return server;
}
