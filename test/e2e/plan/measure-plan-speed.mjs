// Measures `dashsync plan` on a generated tree of N dashboards against the sandbox (not a test):
//   npx tsc -p tsconfig.build.json && node test/e2e/plan/measure-plan-speed.mjs [N=1000] [runs=3]
// Scenarios: no changes (the tree was applied) and all changed (every file edited). Prints the
// median wall and CPU time of the spawned CLI, requests per run, and the CLI's peak RSS
// (CPU time is the steadier number on a loaded machine).
// PROFILE_DIR=dir writes a --cpu-prof profile of every spawned CLI there.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../../dist/sandbox/index.js';
import { writeDashboardTree } from '../../../scripts/lib/generate-dashboards.mjs';

const count = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const cli = fileURLToPath(new URL('../../../dist/cli/index.js', import.meta.url));
const usageHook = fileURLToPath(new URL('./measure-usage.cjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dashsync-plan-speed-'));

function dashsync(sandbox, cwd, args) {
  const usageFile = join(work, 'usage.txt');
  const env = { ...process.env, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1', DASHSYNC_MEASURE_FILE: usageFile };
  delete env.GRAFANA_TOKEN;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const profile = process.env.PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROFILE_DIR] : [];
    const child = spawn(process.execPath, [...profile, '--require', usageHook, cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const [rssKb, cpuMs] = readFileSync(usageFile, 'utf8').trim().split(' ').map(Number);
      resolve({ code, ms, cpuMs, rssMb: rssKb / 1024, stdout, stderr });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(label, sandbox, cwd) {
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    sandbox.clearRequests();
    const result = await dashsync(sandbox, cwd, ['plan', '--detailed-exitcode']);
    if (result.code !== 0 && result.code !== 2) throw new Error(`${label}: exit ${result.code}\n${result.stderr}`);
    results.push({ ...result, requests: sandbox.requests().length });
  }
  const last = results.at(-1);
  const summary = last.stdout.trim().split('\n').at(-1);
  console.log(
    `${label.padEnd(12)} median ${median(results.map((r) => r.ms)).toFixed(0)} ms wall (runs: ${results.map((r) => r.ms.toFixed(0)).join(', ')}), ` +
      `${median(results.map((r) => r.cpuMs)).toFixed(0)} ms CPU, ` +
      `${last.requests} requests, peak RSS ${median(results.map((r) => r.rssMb)).toFixed(0)} MB — ${summary}`,
  );
}

const sandbox = await startSandbox({ port: 0, grafanaVersion: '12' });
try {
  const applied = join(work, 'applied');
  const changed = join(work, 'changed');
  const tree = writeDashboardTree(join(applied, 'dashboards'), { count, seed: 7 });
  writeDashboardTree(join(changed, 'dashboards'), { count, seed: 7, mutate: { fraction: 1, seed: 3 } });
  console.log(`${count} dashboards, ${(tree.bytes / 1024 / 1024).toFixed(1)} MB of JSON in ${tree.directories} directories; Node ${process.version}`);
  const apply = await dashsync(sandbox, applied, ['apply']);
  if (apply.code !== 0) throw new Error(`apply failed: ${apply.stderr}`);
  await measure('no changes', sandbox, applied);
  await measure('all changed', sandbox, changed);
} finally {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}
