// Counts the requests of everyday runs, and the ones a run sends more than once (not a test: nothing is asserted), build A
// against build B, each on a fresh sandbox (own process) per Grafana release and `--api`. In a git repository, with
// `prune: folders`, 20 generated dashboards in 3 team folders: apply (20 creates), a no-change plan, a plan and an apply
// of 20 updates, then 3 files removed and 3 dashboards made by hand in a managed folder: a plan and an apply of the 6 deletes.
// Per run: the requests (sandbox request log), how many of them repeat an earlier GET of the same path and Accept in
// that run (writes are never counted as repeats), the repeated kinds, and whether the two builds printed the same
// stdout (the sandbox URL and times masked; lines sorted, since apply prints each save as it completes).
// Usage: npm run build && node scripts/measure-requests.mjs <A dist/cli/index.js> [B = this build]
//   [--releases 11.2,12,13] [--apis legacy,k8s,auto]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { startSandbox } from './lib/bench-sandbox.mjs';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';
import { repeatsOf, totalRepeats as total } from './lib/request-repeats.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { releases: { type: 'string', default: '11.2,12,13' }, apis: { type: 'string', default: 'legacy,k8s,auto' } },
});
if (positionals[0] === undefined) {
  process.stderr.write('usage: node scripts/measure-requests.mjs <A dist/cli/index.js> [B dist/cli/index.js] [--releases 11.2,12,13] [--apis legacy,k8s,auto]\n');
  process.exit(2);
}
const builds = { A: resolve(positionals[0]), B: resolve(positionals[1] ?? fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))) };
const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const HAND_MADE = 3;
const REMOVED = 3;
const say = (line) => process.stdout.write(`${line}\n`);

function git(work, ...args) {
  const run = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: work, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

/** Every run of one build on one release and API: name → { requests, repeats, stdout }. */
async function runScenarios(cli, release, api) {
  const work = mkdtempSync(join(tmpdir(), 'dashsync-requests-'));
  const sandbox = await startSandbox({ cliPath: cli, args: ['--grafana-version', release], timeoutMs: 60_000 });
  const runs = new Map();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
  async function step(name, args) {
    await sandbox.clearRequests();
    const run = spawnSync(process.execPath, [cli, ...args], { cwd: work, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0 && run.status !== 2) throw new Error(`${args.join(' ')} on ${release} --api ${api}: exit ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
    const log = await sandbox.requests();
    runs.set(name, { requests: log.length, repeats: repeatsOf(log), stdout: run.stdout.replaceAll(sandbox.url, '<url>').replace(/\d{4}-\d\d-\d\dT\d\d[-:]\d\d[-:]\d\d[.-]\d{3}Z/g, '<time>').split('\n').sort().join('\n') });
  }
  try {
    const root = join(work, 'dashboards');
    writeFileSync(join(work, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api, prune: 'folders' }));
    writeDashboardTree(root, { count: 20, seed: 1, folders: 3 });
    git(work, 'init', '-q');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'tree');
    await step('apply, 20 creates', ['apply', '--auto-approve']);
    await step('plan, no change', ['plan']);
    writeDashboardTree(root, { count: 20, seed: 1, folders: 3, mutate: { fraction: 1, seed: 3 } });
    git(work, 'commit', '-qam', 'edit');
    await step('plan, 20 updates', ['plan']);
    await step('apply, 20 updates', ['apply', '--auto-approve']);
    const files = git(work, 'ls-files', 'dashboards').split('\n').filter((file) => !file.endsWith('_folder.json'));
    for (const file of files.slice(0, REMOVED)) git(work, 'rm', '-q', file);
    git(work, 'commit', '-qm', 'remove');
    const folders = JSON.parse(await (await request(`${sandbox.url}/api/folders`, { headers: { authorization: AUTH } })).body.text());
    for (let i = 0; i < HAND_MADE; i++) {
      const body = { dashboard: { uid: `hand-${i}`, title: `Hand ${i}`, panels: [] }, folderUid: folders[0].uid, message: 'made by hand', overwrite: false };
      const response = await request(`${sandbox.url}/api/dashboards/db`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.statusCode !== 200) throw new Error(`hand-made dashboard: ${response.statusCode} ${await response.body.text()}`);
      await response.body.dump();
    }
    await step(`plan, ${REMOVED + HAND_MADE} outside the tree`, ['plan']);
    await step(`apply, ${REMOVED + HAND_MADE} deletes`, ['apply', '--auto-approve']);
    return runs;
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Up to 6 lines that one stdout has and the other does not, marked A or B. */
function onlyIn(a, b) {
  const linesA = new Set(a.split('\n'));
  const linesB = new Set(b.split('\n'));
  return [...[...linesA].filter((line) => !linesB.has(line)).map((line) => `A: ${line}`), ...[...linesB].filter((line) => !linesA.has(line)).map((line) => `B: ${line}`)].slice(0, 6);
}

for (const release of values.releases.split(',')) {
  for (const api of values.apis.split(',')) {
    // 11.2 has no /apis: every --api is the legacy one there.
    if (release === '11.2' && api !== 'legacy') continue;
    const a = await runScenarios(builds.A, release, api);
    const b = await runScenarios(builds.B, release, api);
    say(`Grafana ${release}, --api ${api}`);
    for (const [name, runA] of a) {
      const runB = b.get(name);
      const same = runA.stdout === runB.stdout ? 'same stdout' : 'stdout differs';
      say(`  ${name}: requests A ${runA.requests}, B ${runB.requests}; repeated A ${total(runA.repeats)}, B ${total(runB.repeats)}; ${same}`);
      if (runA.stdout !== runB.stdout) for (const line of onlyIn(runA.stdout, runB.stdout)) say(`    ${line}`);
      for (const kind of [...new Set([...runA.repeats.keys(), ...runB.repeats.keys()])].sort()) say(`    ${String(runA.repeats.get(kind) ?? 0).padStart(4)} ${String(runB.repeats.get(kind) ?? 0).padStart(4)}  ${kind}`);
    }
  }
}
