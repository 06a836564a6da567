// Make the CLI entry executable after tsc (tsc keeps the shebang but not the run bit).
import { chmodSync, existsSync } from 'node:fs';
const bin = new URL('../dist/bin.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
