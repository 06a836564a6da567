/**
 * Runner command templates: a command line given as argv words with placeholders, parsed once at start-up
 * and expanded per delegation into an argv array (never a shell string). Placeholders are substituted in a
 * single pass, so a task that itself contains "{prompt_file}" or "$(…)" arrives verbatim.
 *
 *   {prompt_file}  path of a temporary file (mode 0600) holding the agent's compiled prompt
 *   {task}         the task (with the context appended when the template has no {context})
 *   {context}      the context; a word holding it is left out when no context was given
 *   {agent}        the agent's name
 *   {model}        the agent's `model` frontmatter; a word holding it is left out when the agent sets none
 *
 * Whatever the argv does not carry goes to stdin: the prompt when there is no {prompt_file}, the task when
 * there is no {task} (both, framed, when neither is there).
 */
import { UsageError } from '../shared/errors.js';

export const PLACEHOLDERS = ['prompt_file', 'task', 'context', 'agent', 'model'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type Segment = { text: string } | { placeholder: Placeholder };

/** One argv word of a template: literal text and placeholders, in order. */
export type TemplateWord = readonly Segment[];

export interface RunnerTemplate {
  /** "claude", "codex", "gemini", "opencode", or "custom" for --runner-command. */
  readonly name: string;
  /** The template as written (shown in errors and status). */
  readonly source: string;
  readonly command: string;
  readonly args: readonly TemplateWord[];
}

/**
 * The built-in runners: each CLI's documented non-interactive mode. Only Claude Code takes a system prompt
 * file and the agent's model alias; the others get the framed prompt and task on stdin.
 */
export const BUILTIN_RUNNERS: Readonly<Record<string, string>> = {
  // `claude -p` prints the answer and exits; with no prompt argument it reads the prompt from stdin.
  claude: 'claude -p --system-prompt-file {prompt_file} --model={model}',
  // `codex exec -` reads the prompt from stdin and prints only the final message on stdout.
  codex: 'codex exec --skip-git-repo-check -',
  // `gemini -p TEXT` runs headless; TEXT is appended to what stdin gives.
  gemini: 'gemini -p "Carry out the task above, following the instructions before it."',
  // `opencode run` runs one message non-interactively; piped stdin is the message.
  opencode: 'opencode run',
};

const MAX_TEMPLATE_CHARS = 4096;
const MAX_WORDS = 200;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Split a command line into words: whitespace separates, '…' and "…" group (no escapes, no expansion). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (isSpace(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new UsageError(`runner command has an unclosed ${quote} quote: ${line}`);
  if (inWord) words.push(current);
  return words;
}

/** Cut one word into literal text and known placeholders; an unknown {name} is an error naming the valid ones. */
function parseWord(word: string, source: string): TemplateWord {
  const segments: Segment[] = [];
  let i = 0;
  let literal = '';
  while (i < word.length) {
    const open = word.indexOf('{', i);
    if (open < 0) break;
    const close = word.indexOf('}', open + 1);
    if (close < 0) break;
    const name = word.slice(open + 1, close);
    if (!/^[a-z_]{1,32}$/.test(name)) {
      // Not a placeholder (e.g. JSON): keep the brace and look further.
      literal += word.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new UsageError(`runner command "${source}": unknown placeholder {${name}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`);
    }
    literal += word.slice(i, open);
    if (literal !== '') segments.push({ text: literal });
    literal = '';
    segments.push({ placeholder: name as Placeholder });
    i = close + 1;
  }
  literal += word.slice(i);
  if (literal !== '' || segments.length === 0) segments.push({ text: literal });
  return segments;
}

export function parseRunnerTemplate(source: string, name = 'custom'): RunnerTemplate {
  if (source.length > MAX_TEMPLATE_CHARS) throw new UsageError(`--runner-command is longer than ${MAX_TEMPLATE_CHARS} characters`);
  const words = splitWords(source);
  if (words.length === 0) throw new UsageError('--runner-command is empty: give a command, e.g. "my-llm --system {prompt_file} --task {task}"');
  if (words.length > MAX_WORDS) throw new UsageError(`--runner-command has more than ${MAX_WORDS} words`);
  const [command, ...rest] = words as [string, ...string[]];
  if (command.includes('{')) throw new UsageError(`runner command "${source}": the command itself cannot be a placeholder`);
  return { name, source, command, args: rest.map((w) => parseWord(w, source)) };
}

/** --runner NAME: one of the built-in templates. */
export function builtinRunner(name: string): RunnerTemplate {
  const source = BUILTIN_RUNNERS[name];
  if (source === undefined) throw new UsageError(`--runner must be one of ${Object.keys(BUILTIN_RUNNERS).join(', ')} (or use --runner-command "TEMPLATE"), got "${name}"`);
  return parseRunnerTemplate(source, name);
}

export function usesPlaceholder(template: RunnerTemplate, placeholder: Placeholder): boolean {
  return template.args.some((w) => w.some((s) => 'placeholder' in s && s.placeholder === placeholder));
}

export interface TemplateValues {
  prompt_file?: string | undefined;
  task: string;
  context?: string | undefined;
  agent: string;
  model?: string | undefined;
}

/** The argv words for one run: a word whose placeholder has no value ({model}, {context}) is left out. */
export function expandArgs(template: RunnerTemplate, values: TemplateValues): string[] {
  const out: string[] = [];
  for (const word of template.args) {
    let text = '';
    let keep = true;
    for (const seg of word) {
      if ('text' in seg) {
        text += seg.text;
        continue;
      }
      const value = values[seg.placeholder];
      if (value === undefined) {
        keep = false;
        break;
      }
      text += value;
    }
    if (keep) out.push(text);
  }
  return out;
}
