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

type AgentFields = Pick<z.infer<typeof AgentFrontmatterSchema>, 'name' | 'description' | 'model' | 'color' | 'tools'>;

/**
 * The schema's result for the usual frontmatter — name and description non-blank strings, model and color
 * strings or absent, tools a string or a list of strings or absent — without running the schema;
 * undefined for anything else, which the schema then checks (and explains).
 */
function plainFields(data: Record<string, unknown>): AgentFields | undefined {
  const { name, description, model, color, tools } = data;
  if (typeof name !== 'string' || typeof description !== 'string') return undefined;
  if ((model !== undefined && typeof model !== 'string') || (color !== undefined && typeof color !== 'string')) return undefined;
  if (tools !== undefined && typeof tools !== 'string' && !(Array.isArray(tools) && tools.every((t) => typeof t === 'string'))) return undefined;
  const fields: AgentFields = { name: name.trim(), description: description.trim() };
  if (fields.name === '' || fields.description === '') return undefined;
  if (model !== undefined) fields.model = model;
  if (color !== undefined) fields.color = color;
  if (tools !== undefined) fields.tools = Array.isArray(tools) ? [...(tools as string[])] : tools;
  return fields;
}

/** A parsed file: its record and, apart, its markdown body (the catalog keeps bodies compressed, see packed-body.ts). */
export type ParseOutcome = { ok: true; agent: AgentRecord; body: string } | { ok: false; diagnostic: Diagnostic };

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
  let data = plainFields(fm.data);
  if (!data) {
    const parsed = AgentFrontmatterSchema.safeParse(fm.data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'frontmatter'}: ${i.message}`).join('; ');
      return skip('INVALID_FRONTMATTER', `frontmatter lacks a usable name/description (${issues})`);
    }
    data = parsed.data;
  }
  const description = data.description.replace(/\\n/g, '\n');
  const agent: { -readonly [K in keyof AgentRecord]: AgentRecord[K] } = {
    name: data.name,
    description,
    summary: summarize(description),
    frontmatter: fm.data,
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
  return { ok: true, agent, body: fm.body };
}
