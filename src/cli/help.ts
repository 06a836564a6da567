export const HELP = `agent-catalog-mcp — Claude Code sub-agent catalog as an MCP server and CLI

Usage:
  agent-catalog-mcp [flags]                 run the MCP server on stdio
  agent-catalog-mcp --only journal          journal-only server: the private-journal tools alone (register it
                                            as private-journal for agents that call mcp__private-journal__…)
  agent-catalog-mcp list [WORDS] [--source S] [--json]
  agent-catalog-mcp prompt NAME [--refresh] [--no-fill] [--json]
                                            compiled prompt; placeholders filled from --project (default cwd)
  agent-catalog-mcp validate [--strict] [--json]
                                            skipped files, shadowed names, unresolved includes; exit 1 when a file
                                            is skipped (--strict: also when an include is unresolved)
  agent-catalog-mcp match "TASK" [--limit N] [--json]      which agents fit a task, with reasons; exit 1 when
                                            no agent fits (the match abstains)
  agent-catalog-mcp route "TASK" [--from NAME] [--json]    stay, hand off, or pick — from the agents' own boundaries;
                                            exit 1 when nothing fits
  agent-catalog-mcp journal search "QUERY" [--type project|user|both] [--sections a,b] [--limit N] [--json]
  agent-catalog-mcp journal recent [--limit N] [--type T] [--days N] [--json]
  agent-catalog-mcp journal read PATH
  agent-catalog-mcp journal write --technical-insights "…" [--reflections "…"] [--project-notes "…"] …
  agent-catalog-mcp profile [DIR] [--json]  project commands detected (typecheck, lint, test, format) and from where

Flags (every command):
  --agents DIR            agent folder, highest precedence (repeatable; env AGENT_CATALOG_AGENTS, path list)
  --shared-prompts DIR    shared-prompt folder (repeatable; env AGENT_CATALOG_SHARED_PROMPTS)
  --no-user               skip ~/.claude/agents and ~/.claude/shared-prompts
  --no-bundled            skip the bundled catalog
  --no-watch              do not reload when files change
  --project DIR           project folder whose commands fill agent placeholders (default: cwd)
  --journal DIR           project journal (default <cwd>/.private-journal); --user-journal DIR (default
                          ~/.private-journal); env PRIVATE_JOURNAL_PATH sets both
                          journal index: env AGENT_CATALOG_SQLITE (default better-sqlite3,node:sqlite; none = scan)
  --cache-dir DIR         parse cache folder (default ~/.cache/agent-catalog-mcp); --no-cache to skip it
  --no-semantic           match and route by words only (default: words and meaning, with the shipped
                          encoder; env AGENT_CATALOG_SEMANTIC=0; AGENT_CATALOG_ENCODER_DIR for another artifact)
  --http                  serve Streamable HTTP at /mcp instead of stdio (team server)
  --host H, --port N      HTTP bind address and port (default 127.0.0.1:3333)
  --token T               require Authorization: Bearer T (env AGENT_CATALOG_TOKEN); needed off loopback
  --allowed-host H        extra Host header value to accept (repeatable)
  --project-root DIR      over HTTP, project_dir must be inside one of these (repeatable)
  --runner NAME           delegate runs claude | codex | gemini | opencode when the client cannot sample
  --runner-command "T"    or your own argv template: "my-llm --system {prompt_file} --task {task}"
                          ({prompt_file} {task} {context} {agent} {model}; the rest goes to stdin)
  --runner-timeout D      longest a runner or sampling request may take (default 10m; 600, 90s, 15m)
  --sampling-max-tokens N maxTokens of a sampling request (default 8192)
  --agent-tools SPEC      also expose agents as agent_<name> tools: all | NAME,NAME | source:S
  --agent-tools-max N     allow all/source: to select more than 40 agents
  --log-level LEVEL       debug | info | warning | error (stderr; default warning); --verbose = info
  -h, --help              this text
  -v, --version           the version
`;
