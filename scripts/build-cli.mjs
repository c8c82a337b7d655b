#!/usr/bin/env node
// Bundles the CLI (src/cli/index.ts) over tsc's output, so that `dashsync` starts from a few files
// instead of ~400 modules resolved one by one (npm run build runs tsc, then this):
//   dist/cli/index.js               the entry (package.json "bin"; replaces tsc's)
//   dist/cli/bundle-*.js            what the commands load when they run (ES module chunks)
//   dist/cli/tree-reader-worker.js  the tree reader's worker, beside the chunk that starts it
//   dist/cli/yargs-locales/         yargs' translations (LANG=de_DE: "Optionen:")
// The rest of dist/ (tsc's modules) stays for the scripts and tests that import it (the sandbox).
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SOURCE_DIGEST_FILE, sourceDigest } from './lib/source-digest.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(repo, 'dist/cli');
const WORKER = 'tree-reader-worker';

/** yargs finds its translations beside its own module; in the bundle they sit beside the chunk. */
const YARGS_LOCALES_FROM = "resolve(__dirname, '../../../locales')";
const yargsLocales = {
  name: 'yargs-locales',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(YARGS_LOCALES_FROM)) {
        return { errors: [{ text: `yargs no longer finds its locales with ${YARGS_LOCALES_FROM}: update scripts/build-cli.mjs` }] };
      }
      return { contents: source.replace(YARGS_LOCALES_FROM, "fileURLToPath(new URL('./yargs-locales', import.meta.url))"), loader: 'js' };
    });
  },
};

// What an earlier build wrote (chunk names carry a content hash).
for (const name of existsSync(outdir) ? readdirSync(outdir, { withFileTypes: true }) : []) {
  if (name.isFile() && /^bundle-.*\.js$/.test(name.name)) rmSync(join(outdir, name.name));
}
rmSync(join(outdir, 'yargs-locales'), { recursive: true, force: true });

const result = await build({
  absWorkingDir: repo,
  entryPoints: { index: 'src/cli/index.ts', [WORKER]: `src/files/${WORKER}.ts` },
  outdir,
  // One directory: the worker's URL is resolved against the chunk that starts it.
  chunkNames: 'bundle-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Prefer ES modules: jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow.
  mainFields: ['module', 'main'],
  // Readable stack traces under --verbose; minifying did not measurably start faster.
  minify: false,
  sourcemap: false,
  legalComments: 'eof',
  charset: 'utf8',
  // The CommonJS dependencies (undici, fast-glob…) require Node's built-in modules.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module';\nconst require = createRequireOfBundle(import.meta.url);" },
  plugins: [yargsLocales],
  metafile: true,
  logLevel: 'warning',
}).catch(() => {
  // esbuild has already printed each error with its file and line.
  console.error('error: could not bundle the CLI (see above)');
  process.exit(1);
});
cpSync(join(repo, 'node_modules/yargs/locales'), join(outdir, 'yargs-locales'), { recursive: true });

const outputs = Object.entries(result.metafile.outputs);
const startsWorker = outputs.filter(([file]) => readFileSync(join(repo, file), 'utf8').includes(`"./${WORKER}.js"`));
if (startsWorker.length === 0 || startsWorker.some(([file]) => dirname(join(repo, file)) !== outdir)) {
  console.error(`error: the bundle does not start ${WORKER}.js from ${outdir}: the tree would be read on one thread`);
  process.exit(1);
}
const kib = Math.round(outputs.reduce((sum, [, output]) => sum + output.bytes, 0) / 1024);
// Last: a build that stopped before here leaves the old digest, and the tests refuse its output.
writeFileSync(join(repo, SOURCE_DIGEST_FILE), `${sourceDigest(repo)}\n`);
console.error(`wrote the CLI bundle into dist/cli (${outputs.length} files, ${kib} KiB)`);
