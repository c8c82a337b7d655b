import { readFile, rm } from 'node:fs/promises';
import { ownerBlocksUpdates } from '../grafana/ownership.js';
import type { GrafanaPort } from '../grafana/port.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { normalizeDashboard } from '../normalize/normalize-dashboard.js';
import { resolveInsideRoot, resolveWriteTarget } from './safe-path.js';
import type { DashboardTarget, PullOutcome } from './types.js';
import { writeFileAtomic } from './write-file-atomic.js';

export interface WriteDashboardOptions {
  grafana: GrafanaPort;
  realRoot: string;
  minRefreshInterval: string;
  dryRun: boolean;
}

export type WriteDashboardResult =
  | { kind: 'written'; outcome: PullOutcome; provisioned: boolean; titleMissing: boolean }
  /** Deleted in Grafana between the search and the fetch. */
  | { kind: 'vanished' };

/**
 * Fetches one dashboard, turns it into the canonical file (the normalized bare model: no
 * `id`, no `version`, uid kept) and writes it only when the bytes differ. The model is
 * dropped when this returns, so a pull holds at most `concurrency` dashboards.
 */
export async function writeDashboardTarget(target: DashboardTarget, options: WriteDashboardOptions): Promise<WriteDashboardResult> {
  const absPath = resolveInsideRoot(options.realRoot, target.file);
  const live = await options.grafana.getDashboard(target.uid);
  if (!live) return { kind: 'vanished' };
  const model = normalizeDashboard(live.model, { minRefreshInterval: options.minRefreshInterval });
  const text = canonicalJson(model);
  const provisioned = ownerBlocksUpdates(live.owner);
  // Grafana 13 stores a whitespace-only title as is; the tree (and Grafana's other releases) refuse it.
  const titleMissing = typeof model.title !== 'string' || model.title === '';

  const writePath = await resolveWriteTarget(options.realRoot, absPath);
  const existing = await readFile(writePath, 'utf8').catch(() => undefined);
  if (existing === text) return { kind: 'written', outcome: 'unchanged', provisioned, titleMissing };
  if (!options.dryRun) {
    await writeFileAtomic(writePath, text);
    if (target.previousFile) await rm(resolveInsideRoot(options.realRoot, target.previousFile), { force: true });
  }
  const outcome: PullOutcome = target.previousFile ? 'moved' : existing === undefined ? 'created' : 'updated';
  return { kind: 'written', outcome, provisioned, titleMissing };
}
