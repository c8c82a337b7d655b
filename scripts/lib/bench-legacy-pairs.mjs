// The /api scenarios in pairs: per scenario, the bare floor, the work floor and dashsync run in turn,
// `repeat` times (the floors first in even pairs, dashsync first in odd ones), so that each pair
// meets the machine in the same state. Creates need an empty
// Grafana: each run of them gets a fresh sandbox, and the last one (dashsync's, or the work floor's
// with --floor-only) is kept for the other scenarios. Plans change nothing. Every apply of
// updates writes tree B over tree A, and tree A is saved back (untimed) before the next run.
import { createFloorFolders, readLive, readSaveBodies, readUids, restoreTree, timeRequests, timeStep } from './bench-floor.mjs';
import { createDashsyncRunner, forEachPair, inFreshSandbox, inTurn, withPool } from './bench-pair-runs.mjs';
import { createWorkFloor } from './bench-work-floor.mjs';

/**
 * `dashsyncOptions`: what the legacy runs pass (`['--api', 'legacy']`, or `[]` for a dashsync
 * without --api); undefined: floors only. Resolves to one record per pair of each side:
 * `floorReps` (BareFloor), `workReps` (WorkFloor), `dashsyncReps` (DashsyncRuns).
 */
export async function measureLegacyPairs({ cliPath, treeA, treeB, files, concurrency, latencyMs, repeat, workDir, timeoutMs, log, dashsyncOptions }) {
  const count = files.length;
  const uids = readUids(treeA, files);
  const withDashsync = dashsyncOptions !== undefined;
  const dashsync = createDashsyncRunner({ cliPath, concurrency, options: dashsyncOptions ?? [], label: dashsyncOptions?.length ? ` (${dashsyncOptions.join(' ')})` : '', workDir, timeoutMs, log });
  const floorReps = Array.from({ length: repeat }, () => ({ serverCpu: {}, clientCpu: {} }));
  const workReps = Array.from({ length: repeat }, () => ({}));
  const dashsyncReps = withDashsync ? Array.from({ length: repeat }, () => ({})) : undefined;
  const plan = (tree) => ['plan', '--root', tree, '--detailed-exitcode'];

  /** A batch of bare requests, its wall time and both sides' CPU kept under `name` in pair `i`'s floor. */
  const bare = async (sandbox, pool, i, name, what, requestAt, expect = 200) => {
    log(`floor: ${what}`);
    const measured = await timeStep(sandbox, () => timeRequests(pool, { count, concurrency, requestAt, expect }));
    Object.assign(floorReps[i], { [name]: measured.ms, grafanaVersion: sandbox.version });
    floorReps[i].serverCpu[name] = measured.serverCpuMs;
    floorReps[i].clientCpu[name] = measured.clientCpuMs;
  };
  const get = (path) => (i) => ({ method: 'GET', path: `/api/dashboards/uid/${uids[i]}${path}` });

  let held;
  await forEachPair(repeat, `apply, ${count} creates (a fresh sandbox each)`, log, async (i) => {
    const last = i === repeat - 1;
    // The last pair's dashsync sandbox (the work floor's without dashsync) is kept for the other scenarios.
    let keptByFloor;
    const floors = async () => {
      await inFreshSandbox(cliPath, (sandbox) => withPool(sandbox, concurrency, async (pool) => {
        await bare(sandbox, pool, i, 'absent', `${count} GETs of uids not created yet (404)`, get(''), 404);
        log('floor: folder creates, parents first');
        floorReps[i].folders = await createFloorFolders(pool, files, concurrency);
        const bodies = readSaveBodies(treeA, files);
        await bare(sandbox, pool, i, 'create', `${count} POST creates`, (j) => ({ method: 'POST', path: '/api/dashboards/db', body: bodies[j] }));
      }));
      keptByFloor = await inFreshSandbox(cliPath, (sandbox) => withPool(sandbox, concurrency, async (pool) => {
        workReps[i].applyCreate = await createWorkFloor({ pool, sandbox, files, concurrency, log }).applyCreate(treeA);
      }), { keep: last && !withDashsync });
    };
    const runDashsync = withDashsync && (async () => {
      held = await inFreshSandbox(cliPath, async (sandbox) => {
        dashsyncReps[i].applyCreate = await dashsync(sandbox, `apply, ${count} creates`, ['apply', '--root', treeA], [0], { measureRss: true });
      }, { keep: last });
    });
    await inTurn(i, floors, runDashsync);
    held ??= keptByFloor;
  });

  try {
    await withPool(held, concurrency, async (pool) => {
      const work = createWorkFloor({ pool, sandbox: held, files, concurrency, log });
      await forEachPair(repeat, 'plan, no changes', log, (i) => inTurn(i, async () => {
        await bare(held, pool, i, 'get', `${count} GETs by uid`, get(''));
        workReps[i].planNoop = await work.planNoop(treeA);
      }, withDashsync && (async () => {
        dashsyncReps[i].planNoop = await dashsync(held, 'plan, no changes', plan(treeA), [0], { measureRss: true });
      })));
      await forEachPair(repeat, 'plan, all changed', log, (i) => inTurn(i, async () => {
        await bare(held, pool, i, 'versions', `${count} GETs of the newest version (the drift check)`, get('/versions?limit=1'));
        workReps[i].planChanged = await work.planChanged(treeB);
      }, withDashsync && (async () => {
        dashsyncReps[i].planChanged = await dashsync(held, 'plan, all changed', plan(treeB), [2]);
      })));
      await held.setFaults({ latencyMs });
      const slow = `${latencyMs} ms added per request`;
      await forEachPair(repeat, `plan, no changes, ${slow}`, log, (i) => inTurn(i, async () => {
        await bare(held, pool, i, 'getLatency', `${count} GETs by uid, +${latencyMs} ms each`, get(''));
        workReps[i].latency = await work.latency(treeA, latencyMs);
      }, withDashsync && (async () => {
        dashsyncReps[i].latency = await dashsync(held, `plan, no changes, ${slow}`, plan(treeA), [0]);
      })));
      await held.setFaults(null);

      // Updates last: the floors' saves and the restores leave tree A as it was, but not saved by dashsync.
      const live = await readLive(pool, uids, concurrency);
      const restoreBodies = readSaveBodies(treeA, files, { live, overwrite: true });
      const restore = () => {
        log('tree A saved back (not measured)');
        return restoreTree(pool, restoreBodies, live, concurrency);
      };
      await forEachPair(repeat, `apply, ${count} updates (tree A saved back after each)`, log, (i) => inTurn(i, async () => {
        const bodies = readSaveBodies(treeB, files, { live });
        await bare(held, pool, i, 'update', `${count} POST updates`, (j) => ({ method: 'POST', path: '/api/dashboards/db', body: bodies[j] }));
        await restore();
        workReps[i].applyUpdate = await work.applyUpdate(treeB);
        await restore();
      }, withDashsync && (async () => {
        dashsyncReps[i].applyUpdate = await dashsync(held, `apply, ${count} updates`, ['apply', '--root', treeB], [0]);
        await restore();
      })));
    });
  } finally {
    await held.close();
  }
  return { floorReps, workReps, dashsyncReps };
}
