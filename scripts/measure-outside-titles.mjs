// Measures what the dashboards outside the tree cost a no-change `plan --api k8s` on Grafana 13 (not a test: nothing is
// asserted). A tree of TREE generated dashboards applied through /apis to a sandbox (own process), then N made by hand
// (half in the tree's folders, half at the General level); for each N and each prune scope, one plan of each build with
// its requests counted by kind (sandbox request log), and whether both printed the same plan. With --pairs P, then the
// client CPU (user + system) of P alternated pairs (A B, B A, …) of fresh processes at the largest N and --cpu-prune.
// Usage: npm run build && node scripts/measure-outside-titles.mjs <A dist/cli/index.js> [B = this build]
//   [--tree 200] [--outside 0,5,50,500] [--prune false,folders,all] [--pairs 0] [--cpu-prune false]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { spreadOf } from './lib/bench-pairs.mjs';
import { runDashsync } from './lib/bench-run-dashsync.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';
import { generateDashboards, writeDashboardTree } from './lib/generate-dashboards.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tree: { type: 'string', default: '200' },
    outside: { type: 'string', default: '0,5,50,500' },
    prune: { type: 'string', default: 'false,folders,all' },
    pairs: { type: 'string', default: '0' },
    'cpu-prune': { type: 'string', default: 'false' },
  },
});
if (positionals[0] === undefined) {
  process.stderr.write('usage: node scripts/measure-outside-titles.mjs <A dist/cli/index.js> [B dist/cli/index.js] [--tree 200] [--outside 0,5,50,500] [--prune false,folders,all] [--pairs 0]\n');
  process.exit(2);
}
const builds = { A: resolve(positionals[0]), B: resolve(positionals[1] ?? fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))) };
const work = mkdtempSync(join(tmpdir(), 'dashsync-outside-titles-'));
const root = join(work, 'dashboards');
const say = (line) => process.stdout.write(`${line}\n`);
const pruneOf = (text) => (text === 'false' ? false : text);
const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

async function grafana(sandbox, method, path, body) {
  const response = await request(`${sandbox.url}${path}`, { method, headers: { authorization: AUTH, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${method} ${path}: ${response.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** N dashboards no file holds, alternately in one of the tree's folders and at the General level. */
async function addOutside(sandbox, count) {
  const folders = (await grafana(sandbox, 'GET', '/api/folders?limit=1000')).map((folder) => folder.uid);
  const made = generateDashboards({ count, seed: 7, folders: Math.max(1, Math.ceil(count / 50)) });
  for (let start = 0; start < made.length; start += 8) {
    await Promise.all(made.slice(start, start + 8).map(({ dashboard }, offset) => {
      const index = start + offset;
      const { id: _id, ...model } = dashboard;
      const folderUid = index % 2 === 0 ? folders[index % folders.length] : '';
      return grafana(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...model, uid: `outside-${index}`, title: `Outside ${index}` }, folderUid, overwrite: false });
    }));
  }
}

/** A request's kind: method, path with names left out, and whether a list asked for metadata only. */
function kindOf({ method, path, accept }) {
  const [route, query] = path.split('?');
  const shaped = route.replace(/\/(dashboards|folders)\/[^/]+$/, '/$1/:name').replace(/\/uid\/[^/]+/, '/uid/:uid');
  const metadata = accept?.includes('PartialObjectMetadata') ? ' (metadata)' : '';
  const limit = query?.includes('limit=1') && !/limit=1\d/.test(query) ? '?limit=1' : query !== undefined ? '?…' : '';
  return `${method} ${shaped}${limit}${metadata}`;
}

function configure(prune) {
  writeFileSync(join(work, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'k8s', prune }));
}

/** The plan's text (stdout and stderr) of one run of `cli`. */
function plan(cli, sandbox) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
  const run = spawnSync(process.execPath, [cli, 'plan', '--detailed-exitcode'], { cwd: work, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (run.status !== 0 && run.status !== 2) throw new Error(`plan (${cli}): exit ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return `${run.stdout}${run.stderr}`;
}

async function countRequests(count) {
  const sandbox = await startSandbox({ cliPath: builds.B, args: ['--grafana-version', '13'], timeoutMs: 60_000 });
  try {
    configure(false);
    const applied = await runDashsync({ cliPath: builds.B, url: sandbox.url, args: ['apply', '--api', 'k8s', '--auto-approve'], expect: [0], workDir: work, timeoutMs: 10 * 60_000 });
    if (!applied.ok) throw new Error(`apply: ${applied.note}`);
    await addOutside(sandbox, count);
    for (const prune of values.prune.split(',').map(pruneOf)) {
      configure(prune);
      const kinds = { A: new Map(), B: new Map() };
      const printed = {};
      for (const side of ['A', 'B']) {
        await sandbox.clearRequests();
        printed[side] = plan(builds[side], sandbox);
        for (const entry of await sandbox.requests()) kinds[side].set(kindOf(entry), (kinds[side].get(kindOf(entry)) ?? 0) + 1);
      }
      const total = (side) => [...kinds[side].values()].reduce((a, b) => a + b, 0);
      say(`${count} outside, prune ${prune}: A ${total('A')} requests, B ${total('B')}; plan output ${printed.A === printed.B ? 'identical' : 'DIFFERS'}`);
      for (const kind of [...new Set([...kinds.A.keys(), ...kinds.B.keys()])].sort()) say(`  ${String(kinds.A.get(kind) ?? 0).padStart(5)} ${String(kinds.B.get(kind) ?? 0).padStart(5)}  ${kind}`);
      if (printed.A !== printed.B) say(`--- A\n${printed.A}\n--- B\n${printed.B}`);
    }
    return sandbox;
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

try {
  writeDashboardTree(root, { count: Number(values.tree), seed: 1 });
  const counts = values.outside.split(',').map(Number);
  for (const count of counts.slice(0, -1)) await (await countRequests(count)).close();
  const sandbox = await countRequests(counts.at(-1));
  try {
    const pairs = Number(values.pairs);
    if (pairs > 0) {
      configure(pruneOf(values['cpu-prune']));
      const cpu = { A: [], B: [] };
      for (let i = 0; i < pairs; i++) {
        for (const side of i % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
          const run = await runDashsync({ cliPath: builds[side], url: sandbox.url, args: ['plan', '--detailed-exitcode'], expect: [0, 2], workDir: work, timeoutMs: 10 * 60_000 });
          if (!run.ok) throw new Error(`plan (${side}): ${run.note}`);
          cpu[side].push(run.cpuMs / 1000);
        }
        say(`pair ${i + 1}: A ${cpu.A[i].toFixed(2)} s, B ${cpu.B[i].toFixed(2)} s CPU, B/A ${(cpu.B[i] / cpu.A[i]).toFixed(3)}, load ${loadavg()[0].toFixed(1)}`);
      }
      const spread = (xs, digits) => {
        const { median, min, max } = spreadOf(xs);
        return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
      };
      say(`CPU, ${counts.at(-1)} outside, prune ${values['cpu-prune']}: A ${spread(cpu.A, 2)} s, B ${spread(cpu.B, 2)} s; B/A ${spread(cpu.A.map((a, i) => cpu.B[i] / a), 3)}`);
    }
  } finally {
    await sandbox.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
