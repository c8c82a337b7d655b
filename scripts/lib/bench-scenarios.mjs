// The measured scenarios. Each runs against its own fresh sandbox process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createFloorFolders, createFloorPool, readSaveBodies, readUids, timeRequests, timeStep, warmUp } from './bench-floor.mjs';
import { failureLine, runProcess } from './bench-processes.mjs';
import { withSandbox } from './bench-sandbox.mjs';

const RSS_PRELOAD = new URL('./bench-rss.cjs', import.meta.url).pathname;
let profileCount = 0;

/**
 * Floor times (ms) for the same dashboards: folder creates, GETs of uids not there yet (404),
 * POST creates, GETs, version-list GETs and POST updates.
 */
export function measureFloor({ cliPath, treeA, treeB, files, concurrency, log }) {
  return withSandbox(cliPath, async (sandbox) => {
    const pool = createFloorPool(sandbox.url, concurrency);
    const count = files.length;
    try {
      // Open every connection and warm the JIT first: dashsync's runs are not charged for ours.
      await warmUp(pool, concurrency);
      const serverCpu = {};
      const clientCpu = {};
      const run = async (requestAt, expect, name) => {
        const measured = await timeStep(sandbox, () => timeRequests(pool, { count, concurrency, requestAt, expect }));
        serverCpu[name] = measured.serverCpuMs;
        clientCpu[name] = measured.clientCpuMs;
        return measured.ms;
      };
      const uids = readUids(treeA, files);
      log(`floor: ${count} GETs of uids not created yet (404)`);
      const absent = await run((i) => ({ method: 'GET', path: `/api/dashboards/uid/${uids[i]}` }), 404, 'absent');
      log('floor: folder creates, parents first');
      const folders = await createFloorFolders(pool, files, concurrency);
      let bodies = readSaveBodies(treeA, files);
      log(`floor: ${count} POST creates`);
      const create = await run((i) => ({ method: 'POST', path: '/api/dashboards/db', body: bodies[i] }), 200, 'create');
      log(`floor: ${count} GETs by uid`);
      const get = await run((i) => ({ method: 'GET', path: `/api/dashboards/uid/${uids[i]}` }), 200, 'get');
      log(`floor: ${count} GETs of the newest version (the drift check)`);
      const versions = await run((i) => ({ method: 'GET', path: `/api/dashboards/uid/${uids[i]}/versions?limit=1` }), 200, 'versions');
      bodies = readSaveBodies(treeB, files, { version: 1 });
      log(`floor: ${count} POST updates`);
      const update = await run((i) => ({ method: 'POST', path: '/api/dashboards/db', body: bodies[i] }), 200, 'update');
      return { absent, folders, create, get, versions, update, serverCpu, clientCpu, grafanaVersion: sandbox.version };
    } finally {
      await pool.close();
    }
  });
}

/** The environment of a measured dashsync run: credentials from the environment, as in CI. */
function dashsyncEnv(url, rssFile) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The sandbox is local: a proxy set in the shell would measure the proxy.
    if (!key.startsWith('GRAFANA_') && !key.startsWith('DASHSYNC_') && !/^(https?|no|all)_proxy$/i.test(key)) env[key] = value;
  }
  return { ...env, GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1', ...(rssFile ? { DASHSYNC_BENCH_RSS_FILE: rssFile } : {}) };
}

/**
 * Runs `dashsync <args>` as a child process. `expect` = the exit codes that mean the run did
 * what the scenario needs (e.g. plan --detailed-exitcode: 0 for no changes, 2 for changes).
 */
async function runDashsync({ cliPath, url, args, expect, workDir, timeoutMs, measureRss = false, sandbox }) {
  // Every run reports its CPU time; peak RSS is shown only where measureRss asks for it.
  const rssFile = join(mkdtempSync(join(workDir, 'rss-')), 'usage');
  const nodeArgs = ['--require', RSS_PRELOAD];
  // BENCH_CPU_PROF_DIR (set by --cpu-prof): a V8 profile per run, named after the command and its order.
  if (process.env.BENCH_CPU_PROF_DIR) {
    const name = `${String(++profileCount).padStart(2, '0')}-${args[0]}.cpuprofile`;
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF_DIR, '--cpu-prof-name', name);
  }
  const serverBefore = sandbox?.cpuMs();
  const result = await runProcess(process.execPath, [...nodeArgs, cliPath, ...args], { env: dashsyncEnv(url, rssFile), cwd: workDir, timeoutMs });
  const serverCpuMs = serverBefore === undefined ? undefined : sandbox.cpuMs() - serverBefore;
  const ok = !result.timedOut && expect.includes(result.code);
  const summary = /^Plan: .*$/m.exec(result.stdoutTail)?.[0] ?? /^Apply: .*$/m.exec(result.stdoutTail)?.[0] ?? '';
  let rssMB;
  let cpuMs;
  try {
    const [rssKb, cpu] = readFileSync(rssFile, 'utf8').trim().split(' ').map(Number);
    rssMB = measureRss ? rssKb / 1024 : undefined;
    cpuMs = cpu;
  } catch {
    // no numbers: the run crashed before exit handlers ran
  }
  rmSync(join(rssFile, '..'), { recursive: true, force: true });
  return { ms: result.ms, ok, rssMB, cpuMs, serverCpuMs, summary, note: ok ? summary : `${failureLine(result)} (expected exit ${expect.join(' or ')})` };
}

/** plan/apply of the same tree as the floor: creates, no changes, all changed, updates, and under latency. */
export function measureDashsync({ cliPath, treeA, treeB, count, concurrency, latencyMs, workDir, timeoutMs, log }) {
  return withSandbox(cliPath, async (sandbox) => {
    const common = ['--concurrency', String(concurrency)];
    const run = (what, args, expect, measureRss = false) => {
      log(`dashsync: ${what}`);
      return runDashsync({ cliPath, url: sandbox.url, args: [...args, ...common], expect, workDir, timeoutMs, measureRss, sandbox });
    };
    // These two are also the scaling/memory point for N (same runs as measureSize would do).
    const applyCreate = await run(`apply, ${count} creates`, ['apply', '--root', treeA], [0], true);
    const planNoop = await run('plan, no changes', ['plan', '--root', treeA, '--detailed-exitcode'], [0], true);
    const planChanged = await run('plan, all changed', ['plan', '--root', treeB, '--detailed-exitcode'], [2]);
    const applyUpdate = await run(`apply, ${count} updates`, ['apply', '--root', treeB], [0]);
    await sandbox.setFaults({ latencyMs });
    const latency = await run(`plan, no changes, ${latencyMs} ms added per request`, ['plan', '--root', treeB, '--detailed-exitcode'], [0]);
    await sandbox.setFaults(null);
    return { applyCreate, planNoop, planChanged, applyUpdate, latency };
  });
}

/** For one tree size: apply it to an empty sandbox, then plan it (no changes); time and peak RSS of each. */
export function measureSize({ cliPath, tree, concurrency, workDir, timeoutMs, measureRss }) {
  return withSandbox(cliPath, async (sandbox) => {
    const common = ['--root', tree, '--concurrency', String(concurrency)];
    const apply = await runDashsync({ cliPath, url: sandbox.url, args: ['apply', ...common], expect: [0], workDir, timeoutMs, measureRss, sandbox });
    const plan = await runDashsync({ cliPath, url: sandbox.url, args: ['plan', ...common, '--detailed-exitcode'], expect: [0], workDir, timeoutMs, measureRss, sandbox });
    return { apply, plan };
  });
}

/**
 * Median wall time of `node dist/cli/index.js plan --help`: start-up with the plan command loaded,
 * what every measured run pays before its first request.
 */
export async function measureStartup({ cliPath, workDir }) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const result = await runProcess(process.execPath, [cliPath, 'plan', '--help'], { env: dashsyncEnv('http://127.0.0.1:9'), cwd: workDir, timeoutMs: 30_000 });
    times.push(result.code === 0 ? result.ms : NaN);
  }
  return times.sort((a, b) => a - b)[1];
}
