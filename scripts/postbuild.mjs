// Make the CLI entry executable after tsc (tsc keeps the shebang but not the run bit).
import { chmodSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
if (existsSync(bin)) chmodSync(bin, 0o755);
