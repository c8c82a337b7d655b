#!/usr/bin/env node
// Bundles the CLI (src/cli/index.ts) over tsc's output, so that `dashsync` starts from a few files
// instead of ~400 modules resolved one by one (npm run build runs tsc, then this):
//   dist/cli/index.js               the entry (package.json "bin"; replaces tsc's)
//   dist/cli/bundle-*.js            what the commands load when they run (ES module chunks; the unhoisted modules below)
//   dist/cli/tree-reader-worker.js  the tree reader's worker, beside the chunk that starts it
//   dist/cli/decision-worker.js     the plan's decision worker (the same)
//   dist/cli/yargs-locales/         yargs' translations (LANG=de_DE: "Optionen:")
// The rest of dist/ (tsc's modules) stays for the scripts and tests that import it (the sandbox).
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { SOURCE_DIGEST_FILE, sourceDigest } from './lib/source-digest.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(repo, 'dist/cli');
const WORKER = 'tree-reader-worker';
const DECISION_WORKER = 'decision-worker';

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

/**
 * Modules whose byte loops run as written, not hoisted into a chunk: bundling turns a module's top-level `const` into
 * `var`, and V8's optimizing compiler folds a `const` table or char code into the loop but loads a `var` at each use (the
 * versions list's walk ~10 % slower bundled, a tree file's read ~3 %: docs/performance.md, perf-65a). Each is written
 * beside the chunks as it is (`bundle-unhoisted-<name>.js`), and the chunks import it; it may import only another of them.
 */
const UNHOISTED = ['src/files/json-char-codes.ts', 'src/files/json-words.ts', 'src/files/compact-json-object.ts', 'src/grafana/http/json-value-end.ts'];
const unhoistedName = (source) => `bundle-unhoisted-${basename(source, '.ts')}.js`;
const unhoistedBySource = new Map(UNHOISTED.map((source) => [join(repo, source), unhoistedName(source)]));
/** The import of an unhoisted module (`./json-words.js` from `src/files/`) as the file written beside the chunks, or undefined. */
const unhoistedImport = (specifier, fromDir) => (specifier.startsWith('.') ? unhoistedBySource.get(resolve(fromDir, specifier).replace(/\.js$/, '.ts')) : undefined);
const unhoisted = {
  name: 'unhoisted',
  setup(esbuild) {
    esbuild.onResolve({ filter: /\.js$/ }, (args) => {
      const name = unhoistedImport(args.path, args.resolveDir);
      return name === undefined ? undefined : { path: `./${name}`, external: true };
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
  entryPoints: { index: 'src/cli/index.ts', [WORKER]: `src/files/${WORKER}.ts`, [DECISION_WORKER]: `src/plan/${DECISION_WORKER}.ts` },
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
  plugins: [yargsLocales, unhoisted],
  metafile: true,
  logLevel: 'warning',
}).catch(() => {
  // esbuild has already printed each error with its file and line.
  console.error('error: could not bundle the CLI (see above)');
  process.exit(1);
});
cpSync(join(repo, 'node_modules/yargs/locales'), join(outdir, 'yargs-locales'), { recursive: true });

for (const source of UNHOISTED) {
  const { code } = await transform(readFileSync(join(repo, source), 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: source, logLevel: 'warning' });
  const fromDir = dirname(join(repo, source));
  const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)];
  const foreign = imports.filter(([, specifier]) => unhoistedImport(specifier, fromDir) === undefined);
  const unread = code.split(' from "').length - 1 !== imports.length || /\bimport\(|\brequire\(/.test(code);
  if (foreign.length > 0 || unread) {
    console.error(`error: ${source} imports what is not written beside it (${foreign.map(([, specifier]) => specifier).join(', ') || 'a dynamic import'}): add it to UNHOISTED in scripts/build-cli.mjs, or take ${source} out`);
    process.exit(1);
  }
  const linked = code.replace(/^(import .* from )"([^"]+)";$/gm, (_, head, specifier) => `${head}"./${unhoistedImport(specifier, fromDir)}";`);
  writeFileSync(join(outdir, unhoistedName(source)), linked);
}

const outputs = Object.entries(result.metafile.outputs);
for (const [worker, without] of [[WORKER, 'the tree would be read on one thread'], [DECISION_WORKER, "a plan's answers would be decided on one thread"]]) {
  const startsWorker = outputs.filter(([file]) => readFileSync(join(repo, file), 'utf8').includes(`"./${worker}.js"`));
  if (startsWorker.length === 0 || startsWorker.some(([file]) => dirname(join(repo, file)) !== outdir)) {
    console.error(`error: the bundle does not start ${worker}.js from ${outdir}: ${without}`);
    process.exit(1);
  }
}
const kib = Math.round(outputs.reduce((sum, [, output]) => sum + output.bytes, 0) / 1024);
// Last: a build that stopped before here leaves the old digest, and the tests refuse its output.
writeFileSync(join(repo, SOURCE_DIGEST_FILE), `${sourceDigest(repo)}\n`);
console.error(`wrote the CLI bundle into dist/cli (${outputs.length} files, ${kib} KiB)`);
