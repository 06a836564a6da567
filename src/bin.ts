#!/usr/bin/env node
// A signal that arrives while modules are still loading ends the process cleanly (exit 0) instead of
// killing it by signal; the server installs its own graceful handlers once it runs.
const early = (): never => process.exit(0);
process.once('SIGTERM', early);
process.once('SIGINT', early);
const { tuneHeap } = await import('./heap-tuning.js');
tuneHeap();
const { main } = await import('./cli/main.js');
process.off('SIGTERM', early);
process.off('SIGINT', early);

const code = await main(process.argv.slice(2));
process.exitCode = code;
if (process.argv.length > 2 && code !== 0) process.exit(code);
