#!/usr/bin/env node
// Signal handlers first, before any module loads or any work starts, and never removed (src/app/signals.ts):
// a signal during start-up ends the process at once with the exit code of what was asked for.
import { CLI_EXIT_CODES, ProcessSignals, SERVER_EXIT_CODES } from './app/signals.js';

const CLI_COMMANDS = new Set(['list', 'prompt', 'validate', 'match', 'route', 'profile', 'journal']);
const argv = process.argv.slice(2);
// A first guess until the arguments are parsed (main() sets the codes for the command it runs).
const signals = new ProcessSignals(argv.some((a) => CLI_COMMANDS.has(a)) ? CLI_EXIT_CODES : SERVER_EXIT_CODES).install();

const { tuneHeap } = await import('./app/heap-tuning.js');
const { main } = await import('./cli/main.js');
// After the code is loaded (src/app/heap-tuning.ts says why not before).
tuneHeap();

const code = await main(argv, undefined, signals);
process.exitCode = code;
if (argv.length > 0 && code !== 0) process.exit(code);
