// Measures the sandbox's /apis list path (not a test: nothing is asserted). Seeds N generated dashboards
// through POST /apis (v1beta1), then lists the first LIST_COUNT in pages of PAGE, reading the sandbox
// process's CPU (/proc/<pid>/stat) around every page, once at the stored version (spliced, no parse) and
// once at v2beta1 (every item converted). Prints RSS after seeding.
// Usage: npm run build && node scripts/measure-sandbox-apis.mjs [count=10000] [list=5000] [page=500]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { request } from 'undici';
import { iterateDashboards } from './lib/generate-dashboards.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';

const [count = 10_000, listCount = 5_000, pageSize = 500] = process.argv.slice(2).map(Number);
const cliPath = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const auth = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'content-type': 'application/json' };
const collection = (version) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;

const sandbox = await startSandbox({ cliPath, args: ['--grafana-version', '12'], timeoutMs: 60_000 });
try {
  const pid = Number(readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).pop());
  const seedStart = performance.now();
  const seedCpu = sandbox.cpuMs();
  let bytes = 0;
  const limit = pLimit(8);
  const writes = [];
  for (const { dashboard } of iterateDashboards({ count, seed: 3 })) {
    const { uid, ...spec } = dashboard;
    const body = JSON.stringify({ apiVersion: 'dashboard.grafana.app/v1beta1', kind: 'Dashboard', metadata: { name: uid }, spec });
    bytes += body.length;
    writes.push(limit(() => post(collection('v1beta1'), body)));
  }
  await Promise.all(writes);
  const seedMs = performance.now() - seedStart;
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  console.log(`seeded ${count} dashboards (${(bytes / 1e6).toFixed(0)} MB posted) in ${(seedMs / 1000).toFixed(1)} s, sandbox CPU ${((sandbox.cpuMs() - seedCpu) / count).toFixed(2)} ms per create`);
  console.log(`sandbox RSS after seeding ${count}: ${rssMb.toFixed(0)} MB`);
  for (const version of ['v1beta1', 'v2beta1']) {
    const perPage = [];
    let token = '';
    let listed = 0;
    let responseBytes = 0;
    while (listed < listCount) {
      const before = sandbox.cpuMs();
      const query = `?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const response = await request(`${sandbox.url}${collection(version)}${query}`, { headers: auth });
      const text = await response.body.text();
      perPage.push(sandbox.cpuMs() - before);
      const list = JSON.parse(text);
      listed += list.items.length;
      responseBytes += text.length;
      token = list.metadata.continue ?? '';
      if (!token) break;
    }
    perPage.sort((a, b) => a - b);
    const total = perPage.reduce((sum, ms) => sum + ms, 0);
    console.log(
      `list ${listed} at ${version} in ${perPage.length} pages of ${pageSize}: sandbox CPU per page median ${perPage[perPage.length >> 1]} ms, ` +
        `max ${perPage.at(-1)} ms, total ${total} ms; ${(responseBytes / 1e6).toFixed(0)} MB of responses`,
    );
  }
} finally {
  await sandbox.close();
}

async function post(path, body) {
  const response = await request(`${sandbox.url}${path}`, { method: 'POST', headers: auth, body });
  const text = await response.body.text();
  if (response.statusCode !== 201) throw new Error(`POST ${path}: ${response.statusCode} ${text.slice(0, 300)}`);
}
