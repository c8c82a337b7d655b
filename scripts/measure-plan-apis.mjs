// Measures `dashsync plan` (no changes) through /api and through /apis on one sandbox (not a test:
// nothing is asserted). Applies N generated dashboards to a Grafana 13 sandbox (own process), then adds
// LATENCY ms to every request and times plan --api legacy (one GET per dashboard), --api k8s (LIST pages)
// and --api auto (LIST pages; classic dashboards would be written through /api).
// Usage: npm run build && node scripts/measure-plan-apis.mjs [count=5000] [latencyMs=20] [concurrency=8]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';

const [count = 5000, latencyMs = 20, concurrency = 8] = process.argv.slice(2).map(Number);
const cliPath = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dashsync-plan-apis-'));
const tree = join(work, 'dashboards');
writeDashboardTree(tree, { count, seed: 1 });

const sandbox = await startSandbox({ cliPath, args: ['--grafana-version', '13'], timeoutMs: 60_000 });
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
const dashsync = (args) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cliPath, ...args, '--root', tree, '--concurrency', String(concurrency)], { cwd: work, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const summary = /^(Plan|Applied): .*$/m.exec(result.stdout)?.[0] ?? result.stderr.trim().split('\n').pop();
  return { ms: performance.now() - started, code: result.status, summary };
};
try {
  const seeded = dashsync(['apply', '--api', 'legacy']);
  console.log(`seeded ${count} dashboards in ${(seeded.ms / 1000).toFixed(1)} s (exit ${seeded.code}): ${seeded.summary}`);
  await sandbox.setFaults({ latencyMs });
  console.log(`plan, no changes, ${count} dashboards, concurrency ${concurrency}, ${latencyMs} ms added to every request:`);
  for (const api of ['legacy', 'k8s', 'auto']) {
    const run = dashsync(['plan', '--api', api, '--detailed-exitcode']);
    console.log(`  --api ${api.padEnd(6)} ${(run.ms / 1000).toFixed(1).padStart(6)} s  (exit ${run.code}) ${run.summary}`);
  }
  console.log(`  ideal for /api: ${count} × ${latencyMs} ms / ${concurrency} = ${((count * latencyMs) / concurrency / 1000).toFixed(1)} s`);
} finally {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}
