// Measures what the not-in-branch check costs (not a test: nothing is asserted). N generated dashboards on a Grafana
// sandbox (own process): main applied, branch A edits every file and is applied, branch B (from main, not rebased)
// edits every file too. Times `dashsync plan` on B (every update reverts A: N history reads, one git rev-list, N
// warnings), on B rebased on A (the same reads and git, no warning), right after an apply from HEAD (no git), and the
// same plans with another build (`baseline`: a dist/cli/index.js without the check) for comparison.
// Usage: npm run build && node scripts/measure-not-in-branch.mjs [count=2000] [grafanaVersion=12] [baseline-cli]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';

const count = Number(process.argv[2] ?? 2000);
const grafanaVersion = process.argv[3] ?? '12';
const baseline = process.argv[4];
const cliPath = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const repo = mkdtempSync(join(tmpdir(), 'dashsync-not-in-branch-'));
writeDashboardTree(join(repo, 'dashboards'), { count, seed: 1 });
const sandbox = await startSandbox({ cliPath, args: ['--grafana-version', grafanaVersion], timeoutMs: 60_000 });
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
const dashsync = (args, cli = cliPath) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const summary = /^Plan: .*$/m.exec(result.stdout)?.[0] ?? result.stderr.trim().split('\n').pop();
  return { s: ((performance.now() - started) / 1000).toFixed(2), code: result.status, summary, warned: (result.stdout.match(/! not in this branch: /g) ?? []).length };
};
const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@dashsync.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });
const editAll = (description) => {
  for (const file of fg.sync('dashboards/**/*.json', { cwd: repo, ignore: ['**/_folder.json'] })) {
    const model = JSON.parse(readFileSync(join(repo, file), 'utf8'));
    model.description = description;
    writeFileSync(join(repo, file), JSON.stringify(model, null, 2) + '\n');
  }
};
try {
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'main');
  console.log('apply main', dashsync(['apply']));
  git('checkout', '-q', '-b', 'team-b');
  git('checkout', '-q', '-b', 'team-a', 'main');
  editAll('team A');
  git('commit', '-q', '-am', 'team A');
  console.log('apply A', dashsync(['apply']));
  git('checkout', '-q', 'team-b');
  editAll('team B');
  git('commit', '-q', '-am', 'team B');
  const runs = { 'B, not rebased': () => {}, 'B rebased on A': () => git('rebase', '-q', '-X', 'ours', 'team-a') };
  for (const [name, prepare] of Object.entries(runs)) {
    prepare();
    console.log(`plan ${name}`, dashsync(['plan']));
    if (baseline) console.log(`plan ${name} (baseline)`, dashsync(['plan'], baseline));
  }
  console.log('apply B', dashsync(['apply', '--auto-approve']));
  editAll('uncommitted');
  console.log('plan after apply from HEAD', dashsync(['plan']));
  if (baseline) console.log('plan after apply from HEAD (baseline)', dashsync(['plan'], baseline));
} finally {
  await sandbox.close();
}
