// The scaling and memory runs: each size against its own fresh sandbox process.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runDashsync } from './bench-run-dashsync.mjs';
import { withSandbox } from './bench-sandbox.mjs';
import { writeDashboardTree } from './generate-dashboards.mjs';

/**
 * The sandbox arguments and dashsync options of one API: legacy on the default sandbox, k8s on
 * `grafanaVersion`. `pinLegacy` (a dashsync with `--api`, whose default auto would read a 12
 * through /apis): the legacy runs say `--api legacy`.
 */
export const apiSetup = ({ api, grafanaVersion, pinLegacy }) => {
  if (api) return { sandboxArgs: ['--grafana-version', grafanaVersion], options: ['--api', api], label: ` (--api ${api})` };
  return pinLegacy ? { sandboxArgs: [], options: ['--api', 'legacy'], label: ' (--api legacy)' } : { sandboxArgs: [], options: [], label: '' };
};

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
 * the same with `--api k8s` on its own sandbox. At N the pairs' runs serve (their medians).
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
