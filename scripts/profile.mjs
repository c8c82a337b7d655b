// Where a plan's or an apply's CPU goes, per thread (not a test: nothing is asserted). Starts the sandbox (its own
// process), writes the bench's generated tree of N dashboards (writeDashboardTree, seed 1), prepares the scenario
// unprofiled, then runs the one dashsync command under `node --cpu-prof` (one V8 profile per JavaScript thread: the main
// thread and the tree reader's worker) and prints each thread's top functions by self time, with their shares.
// V8's own background threads (TurboFan, the collector's helpers) are not in these profiles: `perf record` sees them.
// Usage: npm run build && node scripts/profile.mjs <plan-noop|plan-changed|apply-create|apply-update> [--n 5000] [--api legacy|k8s] [--top 15] [--out DIR]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runProcess } from './lib/bench-processes.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';

const SCENARIOS = {
  'plan-noop': { setup: 'tree', args: ['plan', '--root', 'tree', '--detailed-exitcode'], expect: [0] },
  'plan-changed': { setup: 'tree', args: ['plan', '--root', 'tree-changed', '--detailed-exitcode'], expect: [2] },
  'apply-create': { setup: null, args: ['apply', '--root', 'tree'], expect: [0] },
  'apply-update': { setup: 'tree', args: ['apply', '--root', 'tree-changed'], expect: [0] },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { n: { type: 'string', default: '5000' }, api: { type: 'string', default: 'legacy' }, top: { type: 'string', default: '15' }, out: { type: 'string' }, concurrency: { type: 'string', default: '8' } },
});
const scenario = SCENARIOS[positionals[0]];
if (scenario === undefined || !['legacy', 'k8s'].includes(values.api)) {
  process.stderr.write(`usage: node scripts/profile.mjs <${Object.keys(SCENARIOS).join('|')}> [--n 5000] [--api legacy|k8s] [--top 15] [--out DIR]\n`);
  process.exit(2);
}
const cliPath = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dashsync-profile-'));
const profiles = values.out === undefined ? join(work, 'profiles') : resolve(values.out);
mkdirSync(profiles, { recursive: true });
const count = Number(values.n);
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
const common = ['--api', values.api, '--concurrency', values.concurrency];

async function dashsync(url, args, expect, nodeArgs = []) {
  const result = await runProcess(process.execPath, [...nodeArgs, cliPath, ...args, ...common], { env: { ...env, GRAFANA_URL: url }, cwd: work, timeoutMs: 30 * 60_000 });
  if (!expect.includes(result.code)) throw new Error(`dashsync ${args[0]} exited ${result.code}: ${result.stderrTail.trim().split('\n').pop()}`);
  return result.ms;
}

/**
 * Self time (ms) per function of one .cpuprofile: each sample's interval goes to the node it landed in. The intervals are
 * wall time: on a loaded machine they include time the thread was ready but not on a CPU, so read the shares.
 */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url ? ` ${url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where}`;
    times.set(name, (times.get(name) ?? 0) + ms);
    total += ms;
  });
  // A thread waiting (on the network, on the other thread) is sampled as (idle): not its CPU.
  const idle = times.get('(idle)') ?? 0;
  times.delete('(idle)');
  return { times, total: total - idle, idle };
}

/** `CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile`: thread 0 is the main thread. */
const threadOf = (file) => Number(file.split('.')[4]);

try {
  writeDashboardTree(join(work, 'tree'), { count, seed: 1 });
  if (positionals[0].endsWith('changed') || positionals[0].endsWith('update')) writeDashboardTree(join(work, 'tree-changed'), { count, seed: 1, mutate: { fraction: 1, seed: 1 } });
  const sandbox = await startSandbox({ cliPath, args: ['--grafana-version', values.api === 'k8s' ? '13' : '12'], timeoutMs: 60_000 });
  try {
    if (scenario.setup !== null) await dashsync(sandbox.url, ['apply', '--root', scenario.setup], [0]);
    const ms = await dashsync(sandbox.url, scenario.args, scenario.expect, ['--cpu-prof', '--cpu-prof-dir', profiles]);
    process.stdout.write(`${positionals[0]} of ${count} dashboards (--api ${values.api}): ${(ms / 1000).toFixed(2)} s wall under the profiler${values.out === undefined ? '' : `; profiles in ${profiles}`}\n`);
  } finally {
    await sandbox.close();
  }
  const threads = readdirSync(profiles).filter((file) => file.endsWith('.cpuprofile')).sort((a, b) => threadOf(a) - threadOf(b));
  const measured = threads.map((file) => ({ file, thread: threadOf(file), ...selfTimes(JSON.parse(readFileSync(join(profiles, file), 'utf8'))) }));
  const all = measured.reduce((sum, thread) => sum + thread.total, 0);
  for (const { thread, times, total, idle } of measured) {
    const name = thread === 0 ? 'main thread' : `worker thread ${thread}`;
    process.stdout.write(`\n${name}: ${total.toFixed(0)} ms busy (${((100 * total) / all).toFixed(1)} % of all threads' busy samples), ${idle.toFixed(0)} ms idle\n`);
    process.stdout.write('   self ms   thread   all  function\n');
    for (const [name, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
      process.stdout.write(`${ms.toFixed(0).padStart(10)} ${((100 * ms) / total).toFixed(1).padStart(7)} % ${((100 * ms) / all).toFixed(1).padStart(5)} %  ${name}\n`);
    }
  }
} finally {
  // The profiles stay where --out put them.
  rmSync(work, { recursive: true, force: true });
}
