export const HELP = `agent-catalog-mcp — Claude Code sub-agent catalog as an MCP server and CLI

Usage:
  agent-catalog-mcp [flags]                 run the MCP server on stdio
  agent-catalog-mcp list [WORDS] [--source S] [--json]
  agent-catalog-mcp prompt NAME [--refresh] [--json]
  agent-catalog-mcp validate [--json]       diagnostics, shadowed names, unresolved references (exit 1 on problems)

Flags (every command):
  --agents DIR            agent folder, highest precedence (repeatable; env AGENT_CATALOG_AGENTS, path list)
  --shared-prompts DIR    shared-prompt folder (repeatable; env AGENT_CATALOG_SHARED_PROMPTS)
  --no-user               skip ~/.claude/agents and ~/.claude/shared-prompts
  --no-bundled            skip the bundled catalog
  --no-watch              do not reload when files change
  --log-level LEVEL       debug | info | warning | error (stderr; default warning)
  --help, --version
`;
