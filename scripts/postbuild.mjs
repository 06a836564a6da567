// After tsc: bundle the CLI entry (dist/bin.js, which starts several times faster than resolving a few
// hundred modules) and the public API (dist/index.js; its declarations dist/index.d.ts come from tsc and are
// self-contained, see src/index.ts), and make the CLI executable. The native optional package stays external.
// The published package ships these bundles and their chunks (dist/chunk-*.js) only: see "files" in
// package.json. The rest of dist/ (tsc's module tree, used by tests, bench and eval) is not shipped.
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'bin.js');

// zod's classic and core entries re-export every locale (~370 KB of the bundle, parsed at every start); only English
// is used, so `zod/v4/locales/index.js` is replaced by a module exporting `en` alone.
const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](?:classic|core|mini)[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-en' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};
// The SDK's Server builds an Ajv JSON Schema validator (~280 KB with its formats and URI parser, parsed and run at
// every start) unless one is passed in. createServer and createJournalServer always pass ours (src/mcp/server.ts),
// which needs none: the SDK validates only elicitation answers with it, and this server never elicits. So the
// SDK's import of its Ajv provider resolves to a stub that says so if it is ever constructed. If the SDK stops
// importing it this way the build fails here, rather than quietly bundling Ajv again.
let ajvProviderStubbed = 0;
const noAjvProvider = {
  name: 'no-ajv-provider',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/validation\/ajv-provider\.js$/ }, (args) =>
      /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]server[\\/]index\.js$/.test(args.importer) ? (ajvProviderStubbed++, { path: 'ajv-provider', namespace: 'no-ajv' }) : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-ajv' }, () => ({
      contents:
        'export class AjvJsonSchemaValidator { constructor() { throw new Error("agent-catalog-mcp bundles no Ajv: pass jsonSchemaValidator to the Server (src/server.ts)"); } }',
      loader: 'js',
    }));
  },
};
await build({
  entryPoints: { bin: path.join(root, 'src', 'bin.ts'), index: path.join(root, 'src', 'index.ts') },
  outdir: path.join(root, 'dist'),
  // Code shared by the two entries, and code reached only through dynamic import() (the HTTP server), goes
  // to chunks. They stay beside the entries: config.ts and version.ts find the package root one level up.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // No source maps: the package ships what runs (they were 60% of the unpacked size).
  sourcemap: false,
  external: ['better-sqlite3'],
  // CommonJS dependencies inside an ES module bundle still need `require`.
  banner: {
    js: ["import { createRequire as __acmCreateRequire } from 'node:module';", 'const require = __acmCreateRequire(import.meta.url);'].join(' '),
  },
  plugins: [englishOnlyZodLocales, noAjvProvider],
  logLevel: 'warning',
});
if (ajvProviderStubbed === 0) throw new Error('postbuild: the SDK server no longer imports ../validation/ajv-provider.js; update the no-ajv-provider plugin');
chmodSync(outfile, 0o755);
