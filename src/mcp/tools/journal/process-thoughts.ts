/** Tool process_thoughts: write one private journal entry (project notes → project journal, the rest → user journal). */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Thoughts } from '../../../journal/types.js';
import { fail, failFrom, ok } from '../result.js';
import { indexStatus, indexStatusOutput, journalTypeSchema, type JournalToolContext } from './shared.js';

const MAX_FIELD = 200_000;

const thought = (what: string): z.ZodOptional<z.ZodString> =>
  z
    .string({ error: 'each field must be text' })
    .max(MAX_FIELD, `a field is longer than ${MAX_FIELD} characters: split it over several entries`)
    .optional()
    .describe(what);

export const processThoughtsInput = {
  reflections: thought('Honest private thinking: what you noticed or felt.'),
  observations: thought('About the situation, the work, yourself.'),
  project_notes: thought('This project: decisions, gotchas, solutions.'),
  user_context: thought('Working with your human: preferences and why.'),
  technical_insights: thought('Engineering learnings beyond this project.'),
  world_knowledge: thought('Other things learned: domain knowledge, facts.'),
  feelings: thought('Older name of reflections.'),
};

export const processThoughtsOutput = {
  written: z.array(z.object({ path: z.string(), type: journalTypeSchema, date: z.string(), sections: z.array(z.string()) })),
  ...indexStatusOutput,
};

export function registerProcessThoughts(server: McpServer, ctx: JournalToolContext): void {
  server.registerTool(
    'process_thoughts',
    {
      title: 'Record journal thoughts',
      description:
'Your PRIVATE JOURNAL for learning and reflection; fill at least one field. project_notes goes to the project journal, the rest to your user journal.',
      inputSchema: processThoughtsInput,
      outputSchema: processThoughtsOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) => processThoughtsTool(ctx, args),
  );
}

/** The handler (also behind the reference-shaped tool of journal-only mode). */
export async function processThoughtsTool(ctx: JournalToolContext, args: Thoughts): Promise<CallToolResult> {
  const given = Object.entries(args).filter(([, v]) => typeof v === 'string' && v.trim() !== '');
  if (given.length === 0) {
    return fail(
      'Nothing to record: give at least one non-empty field — reflections, observations, project_notes, user_context, technical_insights, world_knowledge (or feelings).',
    );
  }
  try {
    const written = await ctx.journal.write(args);
    const text = `Thoughts recorded successfully.\n${written.map((w) => `- ${w.path} (${w.type}: ${w.sections.join(', ')})`).join('\n')}`;
    const index = indexStatus(ctx.journal);
    return ok({ written: written.map((w) => ({ ...w })), ...index.fields }, text + index.line);
  } catch (err) {
    return failFrom(err);
  }
}
