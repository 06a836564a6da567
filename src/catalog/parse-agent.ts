/** One agent file → AgentRecord, or a Diagnostic saying why it was skipped. */
import { z } from 'zod';
import { readFrontmatter } from './frontmatter.js';
import { extractExamples, summarize } from './examples.js';
import type { AgentRecord, AgentSource, Diagnostic } from './types.js';

const scalarText = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

/** The agent frontmatter: name and description required, every other field kept as given. */
export const AgentFrontmatterSchema = z.looseObject({
  name: scalarText.pipe(z.string().trim().min(1, 'name is empty')),
  description: scalarText.pipe(z.string().trim().min(1, 'description is empty')),
  model: scalarText.optional(),
  color: scalarText.optional(),
  tools: z.union([z.string(), z.array(scalarText)]).optional(),
});

export type ParseOutcome = { ok: true; agent: AgentRecord } | { ok: false; diagnostic: Diagnostic };

function toolsList(tools: string | string[] | undefined): string[] | undefined {
  if (tools === undefined) return undefined;
  const list = Array.isArray(tools) ? tools : tools.split(',');
  const out = list.map((t) => t.trim()).filter((t) => t.length > 0);
  return out;
}

export function parseAgentText(text: string, filePath: string, source: AgentSource): ParseOutcome {
  const skip = (code: string, message: string): ParseOutcome => ({ ok: false, diagnostic: { path: filePath, code, message } });
  if (text.includes('\u0000')) return skip('BINARY', 'file contains NUL bytes (binary, not markdown); skipped');
  if (text.trim() === '') return skip('EMPTY', 'file is empty; an agent needs frontmatter with name and description');
  let fm;
  try {
    fm = readFrontmatter(text);
  } catch (err) {
    return skip('BAD_FRONTMATTER', `frontmatter could not be read: ${(err as Error).message}`);
  }
  if (!fm.hasFrontmatter) return skip('NO_FRONTMATTER', 'no frontmatter block (a file must start with --- and name/description lines)');
  const parsed = AgentFrontmatterSchema.safeParse(fm.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'frontmatter'}: ${i.message}`).join('; ');
    return skip('INVALID_FRONTMATTER', `frontmatter lacks a usable name/description (${issues})`);
  }
  const data = parsed.data;
  const description = data.description.replace(/\\n/g, '\n');
  const agent: AgentRecord = {
    name: data.name,
    description,
    summary: summarize(description),
    frontmatter: fm.data,
    body: fm.body,
    source: source.kind,
    sourceDir: source.dir,
    path: filePath,
    examples: extractExamples(description, fm.body),
    parsedWith: fm.parsedWith,
  };
  if (data.model !== undefined) agent.model = data.model;
  if (data.color !== undefined) agent.color = data.color;
  const tools = toolsList(data.tools);
  if (tools !== undefined) agent.tools = tools;
  return { ok: true, agent };
}
