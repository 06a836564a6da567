/** Tool process_thoughts: write one private journal entry (project notes → project journal, the rest → user journal). */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Thoughts } from '../../journal/types.js';
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
  reflections: thought(
    'Your private space for integrated thinking: what you noticed, felt, understood or worked through. Be completely honest; nobody else reads this. (User journal.)',
  ),
  observations: thought('Things you observed while working: about the situation, the work, yourself. (User journal.)'),
  project_notes: thought(
    'Technical notes about the current project: patterns, architectural decisions that worked or failed, gotchas, clever solutions — anything future-you needs in this codebase. (Project journal.)',
  ),
  user_context: thought('Notes about working with your human collaborator: communication styles, preferences, decisions and why. (User journal.)'),
  technical_insights: thought(
    'Broader software engineering learnings beyond this project: design patterns, debugging techniques, language features, connections between concepts. (User journal.)',
  ),
  world_knowledge: thought('Anything else interesting or useful you learned: domain knowledge, surprising facts, how systems work. (User journal.)'),
  feelings: thought('Older name of reflections, kept for compatibility; stored under a "Feelings" section. (User journal.)'),
};

export const processThoughtsOutput = {
  written: z
    .array(
      z.object({
        path: z.string().describe('Absolute path of the new entry file.'),
        type: journalTypeSchema,
        date: z.string().describe('Entry time, ISO 8601.'),
        sections: z.array(z.string()).describe('Sections written to this file.'),
      }),
    )
    .describe('Files written: one in the project journal if project_notes was given, one in the user journal for the other fields.'),
  ...indexStatusOutput,
};

export function registerProcessThoughts(server: McpServer, ctx: JournalToolContext): void {
  server.registerTool(
    'process_thoughts',
    {
      title: 'Record journal thoughts',
      description:
        'Your PRIVATE JOURNAL for learning and reflection: write to any combination of these private spaces (at least one). ' +
        'project_notes goes to the project journal, everything else to your user journal. Entries are searchable at once with search_journal.',
      inputSchema: processThoughtsInput,
      outputSchema: processThoughtsOutput,
      annotations: { title: 'Record journal thoughts', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
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
