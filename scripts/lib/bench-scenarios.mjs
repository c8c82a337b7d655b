// The measured scenarios. Each runs against its own fresh sandbox process.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createFloorFolders, createFloorPool, readSaveBodies, readUids, timeRequests, timeStep, warmUp } from './bench-floor.mjs';
import { runDashsync } from './bench-run-dashsync.mjs';
import { withSandbox } from './bench-sandbox.mjs';
import { writeDashboardTree } from './generate-dashboards.mjs';

/**
 * Floor times (ms) for the same dashboards: folder creates, GETs of uids not there yet (404),
 * POST creates, GETs (also with `latencyMs` added to each: what bare requests make of the
 * latency ideal), version-list GETs and POST updates.
 */
export function measureFloor({ cliPath, treeA, treeB, files, concurrency, latencyMs, log }) {
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
      log(`floor: ${count} GETs by uid, +${latencyMs} ms each`);
      await sandbox.setFaults({ latencyMs });
      const getLatency = await run((i) => ({ method: 'GET', path: `/api/dashboards/uid/${uids[i]}` }), 200, 'getLatency');
      await sandbox.setFaults(null);
      log(`floor: ${count} GETs of the newest version (the drift check)`);
      const versions = await run((i) => ({ method: 'GET', path: `/api/dashboards/uid/${uids[i]}/versions?limit=1` }), 200, 'versions');
      bodies = readSaveBodies(treeB, files, { version: 1 });
      log(`floor: ${count} POST updates`);
      const update = await run((i) => ({ method: 'POST', path: '/api/dashboards/db', body: bodies[i] }), 200, 'update');
      return { absent, folders, create, get, getLatency, versions, update, serverCpu, clientCpu, grafanaVersion: sandbox.version };
    } finally {
      await pool.close();
    }
  });
}

/**
 * The sandbox arguments and dashsync options of one API: legacy on the default sandbox, k8s on
 * `grafanaVersion`. `pinLegacy` (a dashsync with `--api`, whose default auto would read a 12
 * through /apis): the legacy runs say `--api legacy`.
 */
const apiSetup = ({ api, grafanaVersion, pinLegacy }) => {
  if (api) return { sandboxArgs: ['--grafana-version', grafanaVersion], options: ['--api', api], label: ` (--api ${api})` };
  return pinLegacy ? { sandboxArgs: [], options: ['--api', 'legacy'], label: ' (--api legacy)' } : { sandboxArgs: [], options: [], label: '' };
};

/**
 * plan/apply of the same tree as the floor: creates, no changes, all changed, updates, then no
 * changes under latency. With `api` (k8s: on a sandbox of `grafanaVersion`), under latency also
 * all changed and updates (the trees swap roles: the server holds treeB by then).
 */
export function measureDashsync({ cliPath, treeA, treeB, count, concurrency, latencyMs, workDir, timeoutMs, log, api, grafanaVersion, pinLegacy }) {
  const setup = apiSetup({ api, grafanaVersion, pinLegacy });
  return withSandbox(cliPath, async (sandbox) => {
    const common = ['--concurrency', String(concurrency), ...setup.options];
    const run = (what, args, expect, measureRss = false) => {
      log(`dashsync${setup.label}: ${what}`);
      return runDashsync({ cliPath, url: sandbox.url, args: [...args, ...common], expect, workDir, timeoutMs, measureRss, sandbox });
    };
    const plan = (tree) => ['plan', '--root', tree, '--detailed-exitcode'];
    // These two are also the scaling/memory point for N (same runs as measureSize would do).
    const applyCreate = await run(`apply, ${count} creates`, ['apply', '--root', treeA], [0], true);
    const planNoop = await run('plan, no changes', plan(treeA), [0], true);
    const planChanged = await run('plan, all changed', plan(treeB), [2]);
    const applyUpdate = await run(`apply, ${count} updates`, ['apply', '--root', treeB], [0]);
    await sandbox.setFaults({ latencyMs });
    const slow = `${latencyMs} ms added per request`;
    const latency = await run(`plan, no changes, ${slow}`, plan(treeB), [0]);
    const latencyChanged = api ? await run(`plan, all changed, ${slow}`, plan(treeA), [2]) : undefined;
    const latencyUpdate = api ? await run(`apply, ${count} updates, ${slow}`, ['apply', '--root', treeA], [0]) : undefined;
    await sandbox.setFaults(null);
    return { applyCreate, planNoop, planChanged, applyUpdate, latency, latencyChanged, latencyUpdate };
  }, { args: setup.sandboxArgs });
}

/** For one tree size: apply it to an empty sandbox, then plan it (no changes); time and peak RSS of each. */
function measureSize({ cliPath, tree, concurrency, workDir, timeoutMs, measureRss, api, grafanaVersion, pinLegacy }) {
  const setup = apiSetup({ api, grafanaVersion, pinLegacy });
  return withSandbox(cliPath, async (sandbox) => {
    const common = ['--root', tree, '--concurrency', String(concurrency), ...setup.options];
    const apply = await runDashsync({ cliPath, url: sandbox.url, args: ['apply', ...common], expect: [0], workDir, timeoutMs, measureRss, sandbox });
    const plan = await runDashsync({ cliPath, url: sandbox.url, args: ['plan', ...common, '--detailed-exitcode'], expect: [0], workDir, timeoutMs, measureRss, sandbox });
    return { apply, plan };
  }, { args: setup.sandboxArgs });
}

/**
 * The scaling rows: per size, apply to an empty sandbox then plan, peak RSS measured; with `k8s`
 * the same with `--api k8s` on its own sandbox. At N the runs of measureDashsync serve.
 */
export async function measureScaling({ cliPath, sizes, count, seed, concurrency, workDir, timeoutMs, dashsync, dashsyncApis, k8s, pinLegacy, log }) {
  const rows = [];
  for (const size of sizes) {
    if (size === count) {
      const apis = dashsyncApis && { apply: dashsyncApis.applyCreate, plan: dashsyncApis.planNoop };
      rows.push({ size, apply: dashsync.applyCreate, plan: dashsync.planNoop, apis });
      continue;
    }
    const tree = join(workDir, `tree-${size}`);
    writeDashboardTree(tree, { count: size, seed });
    const sizeRun = { cliPath, tree, concurrency, workDir, timeoutMs, measureRss: true };
    log(`scaling: apply then plan ${size} dashboards (peak RSS measured)`);
    const measured = await measureSize({ ...sizeRun, pinLegacy });
    if (k8s) log(`scaling: apply then plan ${size} dashboards with --api k8s (peak RSS measured)`);
    const apis = k8s ? await measureSize({ ...sizeRun, ...k8s }) : undefined;
    rows.push({ size, ...measured, apis });
    rmSync(tree, { recursive: true, force: true });
  }
  return rows;
}
