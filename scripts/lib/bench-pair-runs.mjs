// What both APIs' pair runners share: sandboxes that a block of pairs starts on, and dashsync runs on them.
import { createFloorPool, warmUp } from './bench-floor.mjs';
import { runDashsync } from './bench-run-dashsync.mjs';
import { startSandbox } from './bench-sandbox.mjs';

/**
 * Runs `use(sandbox)` on a fresh sandbox (`args`: e.g. `--grafana-version 13`). With `keep`, the
 * sandbox is left running and returned (the next blocks of pairs start from what `use` left);
 * otherwise, and on an error, it is stopped.
 */
export async function inFreshSandbox(cliPath, use, { args = [], keep = false } = {}) {
  const sandbox = await startSandbox({ cliPath, args });
  try {
    await use(sandbox);
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  if (keep) return sandbox;
  await sandbox.close();
  return undefined;
}

/** Runs `use(pool)` with a warm keep-alive pool of `concurrency` connections to `sandbox`, closed after. */
export async function withPool(sandbox, concurrency, use) {
  const pool = createFloorPool(sandbox.url, concurrency);
  try {
    await warmUp(pool, concurrency);
    return await use(pool);
  } finally {
    await pool.close();
  }
}

/**
 * A function that runs `dashsync <args> --concurrency C <options>` against a sandbox (runDashsync:
 * wall time, CPU, peak RSS when asked), logging `what` under `label`.
 */
export function createDashsyncRunner({ cliPath, concurrency, options, label, workDir, timeoutMs, log }) {
  return (sandbox, what, args, expect, { measureRss = false } = {}) => {
    log(`dashsync${label}: ${what}`);
    return runDashsync({ cliPath, url: sandbox.url, args: [...args, '--concurrency', String(concurrency), ...options], expect, workDir, timeoutMs, measureRss, sandbox });
  };
}

/** `step(i)` for each of `repeat` pairs, one after another; the log says which pair runs. */
export async function forEachPair(repeat, block, log, step) {
  for (let i = 0; i < repeat; i++) {
    log(`${block}: pair ${i + 1} of ${repeat}`);
    await step(i);
  }
}

/**
 * Runs the sides of pair `i` one after another: the floors first in an even pair, dashsync first in
 * an odd one, so that neither side always follows the other (and inherits, say, the garbage the
 * sandbox has left to collect from it). An absent side (no dashsync) is skipped.
 */
export async function inTurn(i, floors, dashsync) {
  const sides = [floors, dashsync].filter(Boolean);
  for (const side of i % 2 === 0 ? sides : sides.reverse()) await side();
}

/** A timeStep result without what the step resolved to: what a report keeps of it. */
export const timingOf = ({ ms, clientCpuMs, serverCpuMs }) => ({ ms, clientCpuMs, serverCpuMs });

/** A dashsync run that is not measured (a restore) must still have done its job: the pairs after it depend on it. */
export function mustSucceed(run, what) {
  if (!run.ok) throw new Error(`${what} failed: ${run.note}`);
  return run;
}
