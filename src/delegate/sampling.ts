/**
 * The sampling/createMessage request for a delegation, as plain data (the MCP layer sends it): the agent's
 * compiled prompt as the system prompt, the task and context as the one user message, model preferences
 * from the agent's `model` frontmatter, and a token limit.
 */
export interface ModelPreferences {
  hints?: Array<{ name: string }>;
  costPriority?: number;
  speedPriority?: number;
  intelligencePriority?: number;
}

export interface SamplingRequest {
  messages: Array<{ role: 'user'; content: { type: 'text'; text: string } }>;
  systemPrompt: string;
  maxTokens: number;
  modelPreferences?: ModelPreferences;
}

/** What the client answered, reduced to what a delegation reports. */
export interface SamplingReply {
  text: string;
  model: string;
  stopReason?: string | undefined;
}

/** Claude Code's model aliases, as hints (matched as substrings of model names) plus priorities. */
const FAMILIES: ReadonlyArray<{ family: string; priorities: Omit<ModelPreferences, 'hints'> }> = [
  { family: 'opus', priorities: { intelligencePriority: 0.9, speedPriority: 0.2, costPriority: 0.1 } },
  { family: 'sonnet', priorities: { intelligencePriority: 0.7, speedPriority: 0.5, costPriority: 0.4 } },
  { family: 'haiku', priorities: { intelligencePriority: 0.3, speedPriority: 0.9, costPriority: 0.8 } },
];

/** A `model` value usable as a hint or a CLI argument: short, no spaces or leading dash. */
export function usableModel(model: string | undefined): string | undefined {
  const m = model?.trim();
  if (!m || m.toLowerCase() === 'inherit' || m.length > 100 || m.startsWith('-') || !/^[A-Za-z0-9._:/@-]+$/.test(m)) return undefined;
  return m;
}

/**
 * opus / sonnet / haiku (or a full model id naming one): a hint with the family name and its priorities.
 * Another id: that id as the only hint. inherit or absent: no preferences (the client's own choice).
 */
export function modelPreferencesFor(model: string | undefined): ModelPreferences | undefined {
  const m = usableModel(model);
  if (m === undefined) return undefined;
  const lower = m.toLowerCase();
  const family = FAMILIES.find((f) => lower === f.family || lower.includes(f.family));
  if (!family) return { hints: [{ name: m }] };
  const hints = lower === family.family ? [{ name: family.family }] : [{ name: m }, { name: family.family }];
  return { hints, ...family.priorities };
}

/** The user message: the task, then the context under its own heading. */
export function taskMessage(task: string, context: string | undefined): string {
  return context !== undefined && context.trim() !== '' ? `${task}\n\n## Context\n\n${context}` : task;
}

export function buildSamplingRequest(prompt: string, task: string, context: string | undefined, model: string | undefined, maxTokens: number): SamplingRequest {
  const request: SamplingRequest = {
    messages: [{ role: 'user', content: { type: 'text', text: taskMessage(task, context) } }],
    systemPrompt: prompt,
    maxTokens,
  };
  const preferences = modelPreferencesFor(model);
  if (preferences) request.modelPreferences = preferences;
  return request;
}

/** The text of a createMessage result (one content block or a list of them); undefined when it has none. */
export function replyText(content: unknown): string | undefined {
  const blocks = Array.isArray(content) ? content : [content];
  const texts = blocks
    .filter((b): b is { type: 'text'; text: string } => typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'text' && typeof (b as { text?: unknown }).text === 'string')
    .map((b) => b.text);
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}
