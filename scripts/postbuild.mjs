// After tsc: bundle the CLI entry into one file (dist/bin.js), which starts several times faster than
// resolving a few hundred modules, and make it executable. Native and optional packages stay external.
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
await build({
  entryPoints: { bin: path.join(root, 'src', 'bin.ts') },
  outdir: path.join(root, 'dist'),
  // Code reached only through dynamic import() (the HTTP server) goes to chunks loaded on demand.
  splitting: true,
  chunkNames: 'bin-[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', '@energetic-ai/*'],
  // CommonJS dependencies inside an ES module bundle still need `require`.
  banner: {
    js: ["import { createRequire as __acmCreateRequire } from 'node:module';", 'const require = __acmCreateRequire(import.meta.url);'].join(' '),
  },
  plugins: [englishOnlyZodLocales],
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
