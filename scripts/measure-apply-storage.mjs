// Measures what an apply of /api updates costs on Grafana 12 when the port is /apis (not a test: nothing is asserted):
// N generated dashboards applied to a 12 sandbox (legacy SQL storage), all changed, planned to a plan file; the sandbox
// stopped, then the plan applied on two copies of its data, each at --latency MS: a 12 still on legacy storage (one
// stored-object read a run tells the storage) and a 12.4 that moved its dashboards to unified storage (each update's
// dashboard read before its save). Prints the requests each apply sent, by kind, and its wall time.
// Usage: npm run build && node scripts/measure-apply-storage.mjs [--n 500] [--latency-ms 20] [--concurrency 8]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSandbox } from './lib/bench-sandbox.mjs';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';

const { values } = parseArgs({ options: { n: { type: 'string', default: '500' }, 'latency-ms': { type: 'string', default: '20' }, concurrency: { type: 'string', default: '8' } } });
const count = Number(values.n);
const cliPath = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dashsync-apply-storage-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function dashsync(url, args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cliPath, ...args, '--concurrency', values.concurrency], { cwd: work, env: { ...env, GRAFANA_URL: url }, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (result.status !== 0) throw new Error(`dashsync ${args[0]} exited ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return performance.now() - started;
}

/** A request's kind: its method and path with uids, names and the query left out. */
const kindOf = ({ method, path }) => `${method} ${path.split('?')[0].replace(/\/(dashboards\/uid|dashboards|folders)\/[^/]+/, '/$1/:uid')}`;

try {
  writeDashboardTree(join(work, 'tree-a'), { count, seed: 1 });
  writeDashboardTree(join(work, 'tree'), { count, seed: 1, mutate: { fraction: 1, seed: 1 } });
  const port = await freePort();
  const dataFile = join(work, 'grafana.json');
  const on12 = await startSandbox({ cliPath, port, args: ['--grafana-version', '12', '--data', dataFile], timeoutMs: 60_000 });
  dashsync(on12.url, ['apply', '--root', 'tree-a']);
  dashsync(on12.url, ['plan', '--root', 'tree', '--out', 'plan.json']);
  await on12.close();
  for (const [label, args] of [
    ['Grafana 12, legacy storage', ['--grafana-version', '12']],
    ['Grafana 12.4, dashboards moved to unified storage', ['--grafana-version', '12', '--release', '12.4.0', '--storage', 'unified']],
  ]) {
    const copy = join(work, `grafana-${args.length}.json`);
    copyFileSync(dataFile, copy);
    const sandbox = await startSandbox({ cliPath, port, args: [...args, '--data', copy, '--latency', values['latency-ms']], timeoutMs: 60_000 });
    try {
      await sandbox.clearRequests();
      const ms = dashsync(sandbox.url, ['apply', 'plan.json']);
      const kinds = new Map();
      for (const entry of await sandbox.requests()) kinds.set(kindOf(entry), (kinds.get(kindOf(entry)) ?? 0) + 1);
      const total = [...kinds.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(`${label}: apply of ${count} updates, ${total} requests, ${(ms / 1000).toFixed(2)} s at ${values['latency-ms']} ms per request\n`);
      for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(6)}  ${kind}\n`);
    } finally {
      await sandbox.close();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
