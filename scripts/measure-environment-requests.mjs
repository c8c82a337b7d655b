// Counts the requests of `plan --all-envs` (not a test: nothing is asserted), build A against build B, each on a fresh
// sandbox (own process) per Grafana release, `--api` and layout of environments: 2 and 4 environments of one org (one
// URL, the same credentials, each including its own team directory) and 2 environments of 2 orgs (orgId 1 and 2, the
// same credentials), which must not share. 20 generated dashboards, `prune: folders`, in a git repository: each
// environment applied, then a no-change `plan --all-envs` and one after every file changed. Per run: the requests
// (sandbox request log), the GETs that repeat an earlier one of the same org, path and Accept in that run (by kind), and
// whether the two builds printed the same stdout (the sandbox URL and times masked).
// Usage: npm run build && node scripts/measure-environment-requests.mjs <A dist/cli/index.js> [B = this build]
//   [--releases 12,13] [--apis legacy,k8s,auto]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { startSandbox } from './lib/bench-sandbox.mjs';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';
import { repeatsOf, totalRepeats } from './lib/request-repeats.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { releases: { type: 'string', default: '12,13' }, apis: { type: 'string', default: 'legacy,k8s,auto' } },
});
if (positionals[0] === undefined) {
  process.stderr.write('usage: node scripts/measure-environment-requests.mjs <A dist/cli/index.js> [B dist/cli/index.js] [--releases 12,13] [--apis legacy,k8s,auto]\n');
  process.exit(2);
}
const builds = { A: resolve(positionals[0]), B: resolve(positionals[1] ?? fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))) };
const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const LAYOUTS = [
  { name: '2 environments, one org', orgs: [1, 1] },
  { name: '4 environments, one org', orgs: [1, 1, 1, 1] },
  { name: '2 environments, 2 orgs', orgs: [1, 2] },
];
const say = (line) => process.stdout.write(`${line}\n`);

function git(work, ...args) {
  const run = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: work, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

/** Every plan run of one build on one release, API and layout: name → { requests, repeats, stdout }. */
async function runScenarios(cli, release, api, layout) {
  const work = mkdtempSync(join(tmpdir(), 'dashsync-env-requests-'));
  const sandbox = await startSandbox({ cliPath: cli, args: ['--grafana-version', release], timeoutMs: 60_000 });
  const runs = new Map();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
  const dashsync = (args) => {
    const run = spawnSync(process.execPath, [cli, ...args], { cwd: work, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0 && run.status !== 2) throw new Error(`${args.join(' ')} on ${release} --api ${api}: exit ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return run;
  };
  async function step(name, args) {
    await sandbox.clearRequests();
    const run = dashsync(args);
    const log = await sandbox.requests();
    runs.set(name, { requests: log.length, repeats: repeatsOf(log), stdout: run.stdout.replaceAll(sandbox.url, '<url>').replace(/\d{4}-\d\d-\d\dT\d\d[-:]\d\d[-:]\d\d[.-]\d{3}Z/g, '<time>') });
  }
  try {
    if (layout.orgs.includes(2)) {
      const response = await request(`${sandbox.url}/api/orgs`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Second' }) });
      if (response.statusCode !== 200) throw new Error(`org 2: ${response.statusCode} ${await response.body.text()}`);
      await response.body.dump();
    }
    const root = join(work, 'dashboards');
    const folders = layout.orgs.length;
    writeDashboardTree(root, { count: 20, seed: 1, folders });
    const teams = readdirSync(root).filter((name) => !name.endsWith('.json')).sort();
    const environments = Object.fromEntries(layout.orgs.map((orgId, index) => [`e${index + 1}`, { orgId, include: teams.filter((_, i) => i % folders === index) }]));
    writeFileSync(join(work, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api, prune: 'folders', environments }));
    git(work, 'init', '-q');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'tree');
    for (const name of Object.keys(environments)) dashsync(['apply', '--env', name, '--auto-approve']);
    await step('plan --all-envs, no change', ['plan', '--all-envs']);
    writeDashboardTree(root, { count: 20, seed: 1, folders, mutate: { fraction: 1, seed: 3 } });
    git(work, 'commit', '-qam', 'edit');
    await step('plan --all-envs, 20 updates', ['plan', '--all-envs']);
    return runs;
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

for (const release of values.releases.split(',')) {
  for (const api of values.apis.split(',')) {
    if (release === '11.2' && api !== 'legacy') continue;
    for (const layout of LAYOUTS) {
      const a = await runScenarios(builds.A, release, api, layout);
      const b = await runScenarios(builds.B, release, api, layout);
      say(`Grafana ${release}, --api ${api}, ${layout.name}`);
      for (const [name, runA] of a) {
        const runB = b.get(name);
        const same = runA.stdout === runB.stdout ? 'same stdout' : 'stdout differs';
        say(`  ${name}: requests A ${runA.requests}, B ${runB.requests}; repeated A ${totalRepeats(runA.repeats)}, B ${totalRepeats(runB.repeats)}; ${same}`);
        for (const kind of [...new Set([...runA.repeats.keys(), ...runB.repeats.keys()])].sort()) say(`    ${String(runA.repeats.get(kind) ?? 0).padStart(4)} ${String(runB.repeats.get(kind) ?? 0).padStart(4)}  ${kind}`);
      }
    }
  }
}
