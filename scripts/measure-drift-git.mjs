// Measures what the drift check's git comparison costs (not a test: nothing is asserted). Applies N
// generated dashboards to a Grafana 12 sandbox (own process), re-saves each as a person would (so every
// one is drift), pulls them into a new repository (the bootstrap), commits, edits every file, then times
// `dashsync plan` with the repository (every dashboard a candidate, all held by git) and without it (today's
// warnings), and the git reads alone (readCommittedVersions over the N files). With `rename`, every file is
// renamed (and edited) in one commit after the bootstrap, so git must follow renames to find the pulled version;
// with `uncommitted`, the same renames (git mv) and edits are left in the index and working tree, not committed.
// Usage: npm run build && node scripts/measure-drift-git.mjs [count=500] [latencyMs=0] [concurrency=8] [api=auto|legacy|k8s] [rename|uncommitted]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import pLimit from 'p-limit';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';

const [count = 500, latencyMs = 0, concurrency = 8] = process.argv.slice(2, 5).map(Number);
const api = process.argv[5] ?? 'auto';
const renameFiles = process.argv[6] === 'rename' || process.argv[6] === 'uncommitted';
const commitRenames = process.argv[6] === 'rename';
const cliPath = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const { readCommittedVersions } = await import(new URL('../dist/git/read-committed-versions.js', import.meta.url).href);
const seed = mkdtempSync(join(tmpdir(), 'dashsync-drift-seed-'));
const repo = mkdtempSync(join(tmpdir(), 'dashsync-drift-repo-'));
writeDashboardTree(join(seed, 'dashboards'), { count, seed: 1 });

const sandbox = await startSandbox({ cliPath, args: ['--grafana-version', '12'], timeoutMs: 60_000 });
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
const auth = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'content-type': 'application/json' };
const dashsync = (cwd, args) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cliPath, ...args, '--concurrency', String(concurrency), '--api', api], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const summary = /^Plan: .*$/m.exec(result.stdout)?.[0] ?? result.stderr.trim().split('\n').pop();
  const drift = (result.stdout.match(/! drift: /g) ?? []).length;
  return { ms: performance.now() - started, code: result.status, summary, drift };
};
const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@dashsync.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
try {
  const seeded = dashsync(seed, ['apply']);
  console.log(`seeded ${count} dashboards (exit ${seeded.code})`);
  // A person re-saves each one: the newest version is no longer dashsync's.
  const limit = pLimit(concurrency);
  const uids = await (await fetch(`${sandbox.url}/api/search?type=dash-db&limit=${count + 10}`, { headers: auth })).json();
  await Promise.all(uids.map(({ uid }) => limit(async () => {
    const { dashboard, meta } = await (await fetch(`${sandbox.url}/api/dashboards/uid/${uid}`, { headers: auth })).json();
    await fetch(`${sandbox.url}/api/dashboards/db`, { method: 'POST', headers: auth, body: JSON.stringify({ dashboard, folderUid: meta.folderUid, overwrite: false, message: 'tweak' }) });
  })));

  const pulled = dashsync(repo, ['pull']);
  console.log(`bootstrap pull into a new repository: ${seconds(pulled.ms)} (exit ${pulled.code})`);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'bootstrap pull');
  let files = fg.sync('dashboards/**/*.json', { cwd: repo, absolute: true }).filter((file) => !file.endsWith('_folder.json'));
  if (renameFiles) {
    for (const file of files) git('mv', file, file.replace(/\.json$/, '-renamed.json'));
    files = files.map((file) => file.replace(/\.json$/, '-renamed.json'));
  }
  for (const file of files) writeFileSync(file, readFileSync(file, 'utf8').replace('"title": "', '"title": "Edited '));
  if (commitRenames) {
    git('add', '-A');
    git('commit', '-q', '-m', 'rename and edit every file');
  }
  if (latencyMs > 0) await sandbox.setFaults({ latencyMs });

  console.log(`plan, ${files.length} dashboards changed in git${renameFiles ? ` (each renamed since the pull${commitRenames ? '' : ', not committed'})` : ''}, every one a drift candidate, --api ${api}, concurrency ${concurrency}, ${latencyMs} ms added to every request:`);
  for (let run = 1; run <= 2; run += 1) {
    const held = dashsync(repo, ['plan']);
    console.log(`  with git (all held)     ${seconds(held.ms).padStart(8)}  ${held.drift} drift warning(s)  ${held.summary}`);
  }
  renameSync(join(repo, '.git'), join(repo, '.git-away'));
  for (let run = 1; run <= 2; run += 1) {
    const bare = dashsync(repo, ['plan']);
    console.log(`  without git (warnings)  ${seconds(bare.ms).padStart(8)}  ${bare.drift} drift warning(s)  ${bare.summary}`);
  }
  renameSync(join(repo, '.git-away'), join(repo, '.git'));
  for (let run = 1; run <= 3; run += 1) {
    const started = performance.now();
    const read = await readCommittedVersions(files, { cwd: repo, depth: 5, tree: join(repo, 'dashboards') });
    // Older builds answered `texts` (path → texts), this one `versions` (path → {text, path}).
    const found = [...(read.versions ?? read.texts).values()];
    const versions = found.reduce((sum, list) => sum + list.length, 0);
    console.log(`  git reads alone for ${files.length} files: ${(performance.now() - started).toFixed(0)} ms, ${found.length} with a committed version, ${versions} versions`);
  }
} finally {
  await sandbox.close();
  rmSync(seed, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
}
