#!/usr/bin/env node
// Writes dashsync.schema.json (the config file's JSON Schema, shipped in the package) from the
// same key table the config resolver uses (src/config/config-keys.ts), via the built dist/.
//   npm run schema                                 build, then write the file
//   node scripts/render-config-schema.mjs --check  fail when the committed file is stale (CI)
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(repo, 'dashsync.schema.json');
const check = process.argv.includes('--check');

let renderConfigSchema;
try {
  ({ renderConfigSchema } = await import(pathToFileURL(join(repo, 'dist/config/build-config-schema.js')).href));
} catch {
  console.error('error: dist/ is missing or stale; run npm run build first (npm run schema does both)');
  process.exit(1);
}
const text = renderConfigSchema();
if (check) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== text) {
    console.error('dashsync.schema.json is stale: the config keys changed. Run npm run schema and commit dashsync.schema.json.');
    process.exit(1);
  }
  console.error('dashsync.schema.json is up to date');
} else {
  await writeFile(target, text, 'utf8');
  console.error('wrote dashsync.schema.json');
}
