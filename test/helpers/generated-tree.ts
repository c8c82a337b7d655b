import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDashboardTree } from '../../scripts/lib/generate-dashboards.mjs';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { emptyWorkspace } from '../e2e/apply/workspace.js';
import { startTestSandbox } from './sandbox.js';

/** A sandbox (Grafana 12 unless told) and a workspace whose `dashboards/` holds `count` generated dashboards (the same for one `seed`). */
export async function generatedTree(options: { count: number; seed: number; grafanaVersion?: GrafanaVersion }): Promise<{ sandbox: SandboxHandle; dir: string }> {
  const sandbox = await startTestSandbox({ grafanaVersion: options.grafanaVersion ?? '12' });
  const dir = await emptyWorkspace();
  await mkdir(join(dir, 'dashboards'));
  writeDashboardTree(join(dir, 'dashboards'), { count: options.count, seed: options.seed });
  return { sandbox, dir };
}

/**
 * The sandbox answers the first `answered` dashboard saves, then holds the next two: with
 * `--concurrency 2` both slots of the run wait on Grafana, however slowly this machine runs.
 */
export function holdSavesAfter(sandbox: Pick<SandboxHandle, 'setFaults'>, answered: number): void {
  const answers = Array.from({ length: answered }, () => ({ kind: 'delay' as const, ms: 0 }));
  sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [...answers, { kind: 'hold' }, { kind: 'hold' }] });
}
