// Measures what the shared-org check costs a `plan --all-envs` (not a test: nothing is asserted). N generated dashboards,
// three environments of one Grafana org, each including a third of the team directories, applied to a sandbox (own
// process); then `plan --all-envs --format json` (no changes) in fresh processes, this build and `baseline` (another
// dist/cli/index.js) alternated, with prune off and with `prune: "folders"` (which reads the uids outside each selection).
// Prints each pair's seconds, the medians, and the load average.
// Usage: npm run build && node scripts/measure-shared-org.mjs <baseline-cli> [count=2000] [pairs=5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';

const baseline = process.argv[2] && resolve(process.argv[2]);
if (baseline === undefined) throw new Error('usage: node scripts/measure-shared-org.mjs <baseline-cli> [count] [pairs]');
const count = Number(process.argv[3] ?? 2000);
const pairs = Number(process.argv[4] ?? 5);
const cliPath = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const repo = mkdtempSync(join(tmpdir(), 'dashsync-shared-org-'));
writeDashboardTree(join(repo, 'dashboards'), { count, seed: 1 });
const teams = readdirSync(join(repo, 'dashboards')).filter((name) => !name.endsWith('.json')).sort();
const thirds = [0, 1, 2].map((part) => teams.filter((_, index) => index % 3 === part));
const sandbox = await startSandbox({ cliPath, args: ['--grafana-version', '12'], timeoutMs: 60_000 });
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
const configure = (prune) =>
  writeFileSync(
    join(repo, 'dashsync.config.json'),
    JSON.stringify({ api: 'legacy', url: sandbox.url, prune, environments: Object.fromEntries(thirds.map((include, index) => [`e${index + 1}`, { include }])) }),
  );
const dashsync = (args, cli) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (result.status !== 0) throw new Error(`${args.join(' ')}: exit ${result.status}: ${result.stderr.trim().split('\n').slice(-25).join('\n')}`);
  return (performance.now() - started) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  configure(false);
  for (const name of ['e1', 'e2', 'e3']) dashsync(['apply', '--env', name, '--auto-approve'], cliPath);
  for (const prune of [false, 'folders']) {
    configure(prune);
    const times = { this: [], baseline: [] };
    for (let pair = 0; pair < pairs; pair++) {
      // Alternated, the first of each pair swapped every time.
      const order = pair % 2 === 0 ? ['this', 'baseline'] : ['baseline', 'this'];
      for (const which of order) times[which].push(dashsync(['plan', '--all-envs', '--format', 'json'], which === 'this' ? cliPath : baseline));
    }
    console.log(`prune ${prune}: this ${times.this.map((s) => s.toFixed(2)).join(' ')}; baseline ${times.baseline.map((s) => s.toFixed(2)).join(' ')}`);
    console.log(`  median this ${median(times.this).toFixed(2)} s, baseline ${median(times.baseline).toFixed(2)} s; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  }
} finally {
  await sandbox.close();
}
