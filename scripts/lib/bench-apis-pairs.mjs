// The /apis scenarios in pairs, on sandboxes of `grafanaVersion`: per scenario, the list floor and
// `dashsync --api k8s` in turn (the floor first in even pairs, dashsync in odd ones), `repeat`
// times. Creates: a fresh sandbox for each run, the last pair's kept (dashsync's, or the floor's
// with --floor-only). Plans change nothing. After each apply of updates,
// tree A is put back (untimed) by `dashsync apply`, so that the next run finds what dashsync left:
// its plan decides unchanged dashboards from the record it wrote (`dashsync/pushed-from`), which
// the floor's PUTs do not write. With --floor-only the floor PUTs tree A back itself.
import { createListFloor } from './bench-list-floor.mjs';
import { createDashsyncRunner, forEachPair, inFreshSandbox, inTurn, mustSucceed, timingOf, withPool } from './bench-pair-runs.mjs';

/**
 * `dashsyncOptions`: `['--api', 'k8s']`; undefined: the floor only (or a dashsync without --api).
 * Resolves to `listReps` (ListFloor per pair) and `dashsyncReps` (DashsyncRuns per pair).
 */
export async function measureApisPairs({ cliPath, treeA, treeB, files, concurrency, latencyMs, pageSize, repeat, grafanaVersion, workDir, timeoutMs, log, dashsyncOptions }) {
  const count = files.length;
  const args = ['--grafana-version', grafanaVersion];
  const withDashsync = dashsyncOptions !== undefined;
  const dashsync = createDashsyncRunner({ cliPath, concurrency, options: dashsyncOptions ?? [], label: ` (${(dashsyncOptions ?? []).join(' ')})`, workDir, timeoutMs, log });
  const listReps = Array.from({ length: repeat }, () => ({ pageSize }));
  const dashsyncReps = withDashsync ? Array.from({ length: repeat }, () => ({})) : undefined;
  const plan = (tree) => ['plan', '--root', tree, '--detailed-exitcode'];
  const listFloorOn = (sandbox, pool) => createListFloor({ pool, sandbox, files, concurrency, pageSize, log });

  let held;
  await forEachPair(repeat, `/apis apply, ${count} creates (a fresh sandbox each)`, log, async (i) => {
    const last = i === repeat - 1;
    let keptByFloor;
    await inTurn(i, async () => {
      keptByFloor = await inFreshSandbox(cliPath, (sandbox) => withPool(sandbox, concurrency, async (pool) => {
        const floor = listFloorOn(sandbox, pool);
        await floor.open();
        const { folders, create } = await floor.seed(treeA);
        Object.assign(listReps[i], { folders: timingOf(folders), create: timingOf(create) });
      }), { args, keep: last && !withDashsync });
    }, withDashsync && (async () => {
      held = await inFreshSandbox(cliPath, async (sandbox) => {
        dashsyncReps[i].applyCreate = await dashsync(sandbox, `apply, ${count} creates`, ['apply', '--root', treeA], [0], { measureRss: true });
      }, { args, keep: last });
    }));
    held ??= keptByFloor;
  });

  try {
    await withPool(held, concurrency, async (pool) => {
      const floor = listFloorOn(held, pool);
      await floor.open();
      const restore = async () => {
        log('tree A put back (not measured)');
        // --force: after the list floor's PUTs tree B was last saved by another client (drift), which an apply no one
        // reviewed leaves untouched without it (docs/apply.md, "Unreviewed applies"); this step is not measured.
        if (withDashsync) return mustSucceed(await dashsync(held, 'apply tree A back', ['apply', '--root', treeA, '--force'], [0]), 'putting tree A back');
        const listed = await floor.list('the resourceVersions to put tree A back with (not measured)');
        await floor.update(treeA, listed.value.held);
      };
      await forEachPair(repeat, '/apis plans', log, (i) => inTurn(i, async () => {
        const list = await floor.list();
        const listPipelined = await floor.listPipelined();
        Object.assign(listReps[i], { version: floor.version, pages: list.value.pages, grafanaVersion: held.version, list: timingOf(list), listPipelined: timingOf(listPipelined) });
      }, withDashsync && (async () => {
        dashsyncReps[i].planNoop = await dashsync(held, 'plan, no changes', plan(treeA), [0], { measureRss: true });
        dashsyncReps[i].planChanged = await dashsync(held, 'plan, all changed', plan(treeB), [2]);
      })));
      await held.setFaults({ latencyMs });
      const slow = `${latencyMs} ms added per request`;
      await forEachPair(repeat, `/apis plans, ${slow}`, log, (i) => inTurn(i, async () => {
        listReps[i].listLatency = timingOf(await floor.list(`the list again, ${slow}`));
        listReps[i].listLatencyPipelined = timingOf(await floor.listPipelined(`the same, pipelined, ${slow}`));
      }, withDashsync && (async () => {
        dashsyncReps[i].latency = await dashsync(held, `plan, no changes, ${slow}`, plan(treeA), [0]);
        dashsyncReps[i].latencyChanged = await dashsync(held, `plan, all changed, ${slow}`, plan(treeB), [2]);
      })));
      await held.setFaults(null);
      await forEachPair(repeat, `/apis apply, ${count} updates (tree A put back after each)`, log, (i) => inTurn(i, async () => {
        const listed = await floor.list('the resourceVersions to update (not measured)');
        listReps[i].update = timingOf(await floor.update(treeB, listed.value.held));
        await restore();
      }, withDashsync && (async () => {
        dashsyncReps[i].applyUpdate = await dashsync(held, `apply, ${count} updates`, ['apply', '--root', treeB], [0]);
        await restore();
      })));
      if (!withDashsync) return;
      await forEachPair(repeat, `/apis apply, ${count} updates, ${slow} (tree A put back after each)`, log, async (i) => {
        await held.setFaults({ latencyMs });
        dashsyncReps[i].latencyUpdate = await dashsync(held, `apply, ${count} updates, ${slow}`, ['apply', '--root', treeB], [0]);
        await held.setFaults(null);
        await restore();
      });
    });
  } finally {
    await held.close();
  }
  return { listReps, dashsyncReps };
}
