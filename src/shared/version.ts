import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findPackageRoot } from './package-root.js';

/** Package version, read from our package.json. */
export const VERSION: string = (JSON.parse(readFileSync(path.join(findPackageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
