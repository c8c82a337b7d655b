// Two dashsync builds side by side on one apply scenario (not a test: nothing is asserted). One Grafana sandbox (its own
// process, the first build's), the bench's generated tree of N dashboards (seed 1) and its all-changed copy. Per pair,
// each build in turn (A B, then B A, …) runs `apply` of N updates in a fresh process; tree A is saved back untimed before
// the next run. Prints each run's client CPU (user + system of the dashsync process) and the paired ratios B/A with the
// load average, then the requests of one apply of each build, counted per method and path shape (sandbox request log).
// Usage: node scripts/compare-apply-builds.mjs <A dist/cli/index.js> <B dist/cli/index.js> [--n 3000] [--pairs 6] [--api legacy|k8s] [--count 200]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median, spreadOf } from './lib/bench-pairs.mjs';
import { runDashsync } from './lib/bench-run-dashsync.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { n: { type: 'string', default: '3000' }, pairs: { type: 'string', default: '6' }, api: { type: 'string', default: 'legacy' }, count: { type: 'string', default: '200' } },
});
const [cliA, cliB] = positionals.map((path) => resolve(path));
if (cliB === undefined || !['legacy', 'k8s'].includes(values.api)) {
  process.stderr.write('usage: node scripts/compare-apply-builds.mjs <A dist/cli/index.js> <B dist/cli/index.js> [--n 3000] [--pairs 6] [--api legacy|k8s] [--count 200]\n');
  process.exit(2);
}
const builds = { A: cliA, B: cliB };
const grafanaVersion = values.api === 'k8s' ? '13' : '12';
const work = mkdtempSync(join(tmpdir(), 'dashsync-compare-'));
const say = (line) => process.stdout.write(`${line}\n`);
const load = () => loadavg()[0].toFixed(1);

/** One apply of `root` with build `cli`; its client CPU in seconds. */
async function apply(cli, sandbox, root) {
  const args = ['apply', '--root', root, '--api', values.api, '--concurrency', '8'];
  const run = await runDashsync({ cliPath: cli, url: sandbox.url, args, expect: [0], workDir: work, timeoutMs: 30 * 60_000 });
  if (!run.ok) throw new Error(`apply --root ${root} (${cli}): ${run.note}`);
  return run.cpuMs / 1000;
}

/** Both trees of `count` dashboards under `dir`: the applied one and the one that changes every dashboard. */
function writeTrees(dir, count) {
  writeDashboardTree(join(work, dir, 'tree'), { count, seed: 1 });
  writeDashboardTree(join(work, dir, 'changed'), { count, seed: 1, mutate: { fraction: 1, seed: 1 } });
  return { tree: join(dir, 'tree'), changed: join(dir, 'changed') };
}

const spread = (xs) => {
  const { median: middle, min, max } = spreadOf(xs);
  return `${middle.toFixed(3)} (${min.toFixed(3)}–${max.toFixed(3)})`;
};

async function comparePairs() {
  const trees = writeTrees('cpu', Number(values.n));
  const sandbox = await startSandbox({ cliPath: cliA, args: ['--grafana-version', grafanaVersion], timeoutMs: 60_000 });
  const cpu = { A: [], B: [] };
  try {
    await apply(cliA, sandbox, trees.tree);
    for (let i = 0; i < Number(values.pairs); i++) {
      for (const side of i % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
        const loadBefore = load();
        cpu[side].push(await apply(builds[side], sandbox, trees.changed));
        say(`pair ${i + 1} ${side}: ${cpu[side][i].toFixed(2)} s CPU, load ${loadBefore}–${load()}`);
        await apply(cliA, sandbox, trees.tree);
      }
      say(`pair ${i + 1} B/A ${(cpu.B[i] / cpu.A[i]).toFixed(3)}`);
    }
  } finally {
    await sandbox.close();
  }
  const perDashboard = (xs) => `${((1e6 * median(xs)) / Number(values.n)).toFixed(0)} µs/dashboard`;
  say(`A: ${spread(cpu.A)} s (${perDashboard(cpu.A)}); B: ${spread(cpu.B)} s (${perDashboard(cpu.B)})`);
  say(`B/A per pair: ${spread(cpu.A.map((a, i) => cpu.B[i] / a))}`);
}

/** `GET /api/dashboards/uid/:uid/versions?limit=…`: ids and query values left out. */
function pathShape(path) {
  const [route, query] = path.split('?');
  const shaped = route.replace(/\/uid\/[^/]+/, '/uid/:uid').replace(/\/versions\/\d+$/, '/versions/:n').replace(/\/dashboards\/[^/]+$/, (tail) => (/\/dashboards\/db$/.test(tail) ? tail : '/dashboards/:name'));
  return query === undefined ? shaped : `${shaped}?${query.replace(/=[^&]*/g, '=…')}`;
}

async function countRequests(side) {
  const trees = writeTrees(`count-${side}`, Number(values.count));
  const sandbox = await startSandbox({ cliPath: cliA, args: ['--grafana-version', grafanaVersion], timeoutMs: 60_000 });
  try {
    await apply(builds[side], sandbox, trees.tree);
    await sandbox.clearRequests();
    await apply(builds[side], sandbox, trees.changed);
    const shapes = new Map();
    for (const { method, path } of await sandbox.requests()) shapes.set(`${method} ${pathShape(path)}`, (shapes.get(`${method} ${pathShape(path)}`) ?? 0) + 1);
    return shapes;
  } finally {
    await sandbox.close();
  }
}

try {
  await comparePairs();
  const [a, b] = [await countRequests('A'), await countRequests('B')];
  say(`\nrequests of one apply of ${values.count} updates (A, B):`);
  for (const shape of [...new Set([...a.keys(), ...b.keys()])].sort()) say(`${String(a.get(shape) ?? 0).padStart(6)} ${String(b.get(shape) ?? 0).padStart(6)}  ${shape}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
