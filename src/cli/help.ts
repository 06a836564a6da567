export const HELP = `agent-catalog-mcp — Claude Code sub-agent catalog as an MCP server and CLI

Usage:
  agent-catalog-mcp [flags]                 run the MCP server on stdio
  agent-catalog-mcp list [WORDS] [--source S] [--json]
  agent-catalog-mcp prompt NAME [--refresh] [--no-fill] [--json]
                                            compiled prompt; placeholders filled from --project (default cwd)
  agent-catalog-mcp validate [--json]       diagnostics, shadowed names, unresolved references (exit 1 on problems)
  agent-catalog-mcp profile [DIR] [--json]  project commands detected (typecheck, lint, test, format) and from where

Flags (every command):
  --agents DIR            agent folder, highest precedence (repeatable; env AGENT_CATALOG_AGENTS, path list)
  --shared-prompts DIR    shared-prompt folder (repeatable; env AGENT_CATALOG_SHARED_PROMPTS)
  --no-user               skip ~/.claude/agents and ~/.claude/shared-prompts
  --no-bundled            skip the bundled catalog
  --no-watch              do not reload when files change
  --project DIR           project folder whose commands fill agent placeholders (default: cwd)
  --log-level LEVEL       debug | info | warning | error (stderr; default warning)
  --help, --version
`;
