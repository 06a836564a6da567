/** Tool process_thoughts: write one private journal entry (project notes → project journal, the rest → user journal). */
import { z } from 'zod';
import type { Thoughts } from '../../../journal/types.js';
import { defineTool, ToolInputError, writeAnnotations, type StructuredOf, type ToolReply } from '../tool.js';
import { indexStatus, indexStatusOutput, journalTypeSchema, thoughtSchema, type JournalToolContext } from './shared.js';

export const processThoughtsInput = {
  reflections: thoughtSchema('Honest private thinking: what you noticed or felt.'),
  observations: thoughtSchema('About the situation, the work, yourself.'),
  project_notes: thoughtSchema('This project: decisions, gotchas, solutions.'),
  user_context: thoughtSchema('Working with your human: preferences and why.'),
  technical_insights: thoughtSchema('Engineering learnings beyond this project.'),
  world_knowledge: thoughtSchema('Other things learned: domain knowledge, facts.'),
  feelings: thoughtSchema('Older name of reflections.'),
};

export const processThoughtsOutput = {
  written: z.array(z.object({ path: z.string(), type: journalTypeSchema, date: z.string(), sections: z.array(z.string()) })),
  ...indexStatusOutput,
};

/** The handler (also behind the reference-shaped tool of journal-only mode). */
export async function processThoughts(ctx: JournalToolContext, args: Thoughts): Promise<ToolReply<StructuredOf<typeof processThoughtsOutput>>> {
  const given = Object.entries(args).filter(([, v]) => typeof v === 'string' && v.trim() !== '');
  if (given.length === 0) {
    throw new ToolInputError(
      'Nothing to record: give at least one non-empty field — reflections, observations, project_notes, user_context, technical_insights, world_knowledge (or feelings).',
    );
  }
  const written = await ctx.journal.write(args);
  const text = `Thoughts recorded successfully.\n${written.map((w) => `- ${w.path} (${w.type}: ${w.sections.join(', ')})`).join('\n')}`;
  const index = indexStatus(ctx.journal);
  return { structured: { written: written.map((w) => ({ ...w })), ...index.fields }, text: text + index.line };
}

export const processThoughtsTool = defineTool({
  name: 'process_thoughts',
  title: 'Record journal thoughts',
  description:
    'Your PRIVATE JOURNAL for learning and reflection; fill at least one field. project_notes goes to the project journal, the rest to your user journal.',
  input: processThoughtsInput,
  output: processThoughtsOutput,
  annotations: writeAnnotations(false),
  handle: (args, ctx: JournalToolContext) => processThoughts(ctx, args),
});
