// Measures the requests of two runs on `/apis` (not a test: nothing is asserted), build A against build B, each on a
// fresh sandbox (own process):
//   apply: Grafana 12 (legacy SQL storage), TREE generated dashboards created with `--api auto`, then all of them
//     changed and applied again (the updates' requests are the ones counted, and the creates').
//   plan: Grafana 13, a git repository, TREE dashboards applied with `--api k8s`, then FOREIGN dashboards pushed into
//     the tree's folder by "another repository" (a dashsync message naming a commit this one lacks), `plan` with
//     `prune: folders`, which reads each of them to learn who pushed it (and refuses: exit 1, the folder is another
//     repository's).
// Requests are counted by kind (sandbox request log); each run's printed summary line is shown.
// Usage: npm run build && node scripts/measure-read-backs.mjs <A dist/cli/index.js> [B = this build] [--tree 20] [--foreign 5]
//   [--scenarios apply,plan]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { runDashsync } from './lib/bench-run-dashsync.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tree: { type: 'string', default: '20' }, foreign: { type: 'string', default: '5' }, scenarios: { type: 'string', default: 'apply,plan' } },
});
if (positionals[0] === undefined) {
  process.stderr.write('usage: node scripts/measure-read-backs.mjs <A dist/cli/index.js> [B dist/cli/index.js] [--tree 20] [--foreign 5]\n');
  process.exit(2);
}
const builds = { A: resolve(positionals[0]), B: resolve(positionals[1] ?? fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))) };
const TREE = Number(values.tree);
const FOREIGN = Number(values.foreign);
const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const say = (line) => process.stdout.write(`${line}\n`);

/** A request's kind: method and path with names left out. */
function kindOf({ method, path }) {
  const [route, query] = path.split('?');
  const shaped = route.replace(/\/(dashboards|folders)\/[^/]+/, '/$1/:name').replace(/\/uid\/[^/]+/, '/uid/:uid');
  return `${method} ${shaped}${query === undefined ? '' : '?…'}`;
}

async function counted(sandbox, run) {
  await sandbox.clearRequests();
  const summary = await run();
  const kinds = new Map();
  for (const entry of await sandbox.requests()) kinds.set(kindOf(entry), (kinds.get(kindOf(entry)) ?? 0) + 1);
  return { kinds, summary };
}

async function dashsync(cli, sandbox, work, args, expect = [0]) {
  const run = await runDashsync({ cliPath: cli, url: sandbox.url, args, expect, workDir: work, timeoutMs: 10 * 60_000 });
  if (!run.ok) throw new Error(`${args.join(' ')} (${cli}): ${run.note}`);
  return run.summary || '(no Plan: or Apply: line)';
}

async function applyScenario(cli) {
  const work = mkdtempSync(join(tmpdir(), 'dashsync-read-backs-'));
  const sandbox = await startSandbox({ cliPath: cli, args: ['--grafana-version', '12'], timeoutMs: 60_000 });
  try {
    const root = join(work, 'dashboards');
    writeFileSync(join(work, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'auto' }));
    writeDashboardTree(root, { count: TREE, seed: 1 });
    const creates = await counted(sandbox, () => dashsync(cli, sandbox, work, ['apply', '--auto-approve']));
    writeDashboardTree(root, { count: TREE, seed: 1, mutate: { fraction: 1, seed: 3 } });
    const updates = await counted(sandbox, () => dashsync(cli, sandbox, work, ['apply', '--auto-approve']));
    return { creates, updates };
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function git(work, ...args) {
  const run = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: work, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

async function planScenario(cli) {
  const work = mkdtempSync(join(tmpdir(), 'dashsync-read-backs-'));
  const sandbox = await startSandbox({ cliPath: cli, args: ['--grafana-version', '13'], timeoutMs: 60_000 });
  try {
    writeFileSync(join(work, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'k8s', prune: 'folders' }));
    writeDashboardTree(join(work, 'dashboards'), { count: TREE, seed: 1, folders: 1 });
    git(work, 'init', '-q');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'tree');
    await dashsync(cli, sandbox, work, ['apply', '--auto-approve']);
    const folders = JSON.parse(await (await request(`${sandbox.url}/api/folders`, { headers: { authorization: AUTH } })).body.text());
    for (let i = 0; i < FOREIGN; i++) {
      const body = { dashboard: { uid: `foreign-${i}`, title: `Foreign ${i}`, panels: [] }, folderUid: folders[0].uid, message: `dashsync: 0123456789ab other repository`, overwrite: false };
      const response = await request(`${sandbox.url}/api/dashboards/db`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.statusCode !== 200) throw new Error(`foreign push: ${response.statusCode} ${await response.body.text()}`);
      await response.body.dump();
    }
    return { plan: await counted(sandbox, () => dashsync(cli, sandbox, work, ['plan', '--detailed-exitcode'], [1])) };
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function report(title, a, b) {
  const total = (kinds) => [...kinds.values()].reduce((x, y) => x + y, 0);
  say(`${title}: A ${total(a.kinds)} requests, B ${total(b.kinds)}`);
  say(`  A: ${a.summary}`);
  say(`  B: ${b.summary}`);
  for (const kind of [...new Set([...a.kinds.keys(), ...b.kinds.keys()])].sort()) say(`  ${String(a.kinds.get(kind) ?? 0).padStart(5)} ${String(b.kinds.get(kind) ?? 0).padStart(5)}  ${kind}`);
}

const scenarios = new Set(values.scenarios.split(','));
if (scenarios.has('apply')) {
  const applied = { A: await applyScenario(builds.A), B: await applyScenario(builds.B) };
  report(`apply --api auto on 12, ${TREE} creates`, applied.A.creates, applied.B.creates);
  report(`apply --api auto on 12, ${TREE} updates`, applied.A.updates, applied.B.updates);
}
if (scenarios.has('plan')) {
  const planned = { A: await planScenario(builds.A), B: await planScenario(builds.B) };
  report(`plan --prune folders on 13 (git), ${FOREIGN} foreign pushes`, planned.A.plan, planned.B.plan);
}
