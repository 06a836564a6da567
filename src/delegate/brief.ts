/**
 * Texts that carry an agent's prompt and a task to another model: the framed prompt a runner without a
 * system-prompt option reads on stdin, and the delegation brief returned when nothing here can run the
 * agent (the client's own sub-agent mechanism, or the user, runs it instead).
 */
import { taskMessage } from './sampling.js';

/** The agent's instructions, then the task: one text for a CLI that takes a single prompt. */
export function framedPrompt(agent: string, prompt: string, task: string, context: string | undefined): string {
  return [
    `You are the "${agent}" agent. Your instructions follow, then the task.`,
    '',
    '<agent-instructions>',
    prompt.trim(),
    '</agent-instructions>',
    '',
    '# Task',
    '',
    taskMessage(task, context),
    '',
  ].join('\n');
}

/** How to let this server run delegations itself. */
export const ENABLE_HINT =
  'To have the server run delegations itself: use a client that supports MCP sampling and allow it for this server ' +
  '(VS Code: "MCP: List Servers" → this server → "Configure Model Access", the chat.mcp.serverSampling setting), ' +
  'or start the server with --runner claude|codex|gemini|opencode or --runner-command "TEMPLATE".';

export function delegationBrief(agent: string, prompt: string, task: string, context: string | undefined, why: readonly string[]): string {
  return [
    `# Delegation brief: ${agent}`,
    '',
    `Nothing ran this task here (${why.join('; ')}). Hand it to a sub-agent — your client's own sub-agent or task tool — ` +
      `with the system prompt below and the task as its message, or carry it out yourself following that prompt.`,
    '',
    '## Task',
    '',
    taskMessage(task, context),
    '',
    `## System prompt of ${agent}`,
    '',
    prompt.trim(),
    '',
    '---',
    ENABLE_HINT,
    '',
  ].join('\n');
}
