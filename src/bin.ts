#!/usr/bin/env node
import { main } from './cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
if (process.argv.length > 2 && code !== 0) process.exit(code);
