import type { Settings } from '../config/types.js';
import { diffDashboards } from '../diff/diff-dashboards.js';
import { PlanFileError } from '../errors.js';
import type { GrafanaPort, LiveDashboard } from '../grafana/port.js';
import { contentDigest } from '../plan/content-digest.js';
import { normalizeLive } from '../plan/normalize-live.js';
import { readDesired } from '../plan/read-desired.js';
import type { DashboardAction } from '../plan/types.js';
import type { ApplyConflict } from './types.js';

export type SaveOutcome = { kind: 'saved' } | { kind: 'conflict'; conflict: ApplyConflict } | { kind: 'refused'; message: string };

export interface SaveContext {
  grafana: GrafanaPort;
  settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval'>;
  message: string;
  force: boolean;
}

/**
 * Pushes one create/update/move into its folder, where the plan said it writes (`/api`, or
 * `/apis` at a version), expecting the revision the plan saw (any revision with --force).
 * Grafana refuses a dashboard that changed since the plan: that is a conflict — unless Grafana
 * already holds exactly what we wanted in the intended folder, as after a save retried on a
 * dropped connection whose first attempt did land, or a concurrent apply of the same commit.
 */
export async function saveDashboardAction(action: DashboardAction, context: SaveContext): Promise<SaveOutcome> {
  if (!action.file) throw new PlanFileError(`the plan has no file for ${action.uid}; run dashsync plan again`);
  const desired = await readDesired(action.file, context.settings);
  if (desired.hash !== action.contentHash) {
    throw new PlanFileError(`${action.file} changed since the plan was made; run dashsync plan again and review the new plan`);
  }
  const expect = context.force ? 'any' : (action.live?.revision ?? 'absent');
  const saved = await context.grafana.saveDashboard({
    uid: action.uid,
    schema: desired.schema,
    model: desired.spec,
    metadata: desired.metadata,
    target: action.write ?? { api: 'legacy', apiVersion: null },
    contentSha256: contentDigest(desired),
    owned: (action.live?.owner ?? null) !== null,
    folderUid: action.folderUid,
    message: context.message,
    expect,
  });
  if (saved.kind !== 'conflict') return saved.kind === 'saved' ? { kind: 'saved' } : saved;
  const current = saved.current;
  if (current && current.folderUid === action.folderUid && current.schema === desired.schema) {
    if (diffDashboards(normalizeLive(current, context.settings.minRefreshInterval), desired.spec).length === 0) return { kind: 'saved' };
  }
  return { kind: 'conflict', conflict: conflictOf(action, current) };
}

/** What the plan expected against what Grafana has now: the conflict as people read it. */
export function conflictOf(action: DashboardAction, current: LiveDashboard | null): ApplyConflict {
  return {
    uid: action.uid,
    title: action.title,
    action: action.action,
    file: action.file,
    plannedVersion: action.live?.version ?? null,
    currentVersion: current?.version ?? null,
    changedBy: current?.lastSave.by ?? null,
    changedAt: current?.lastSave.at ?? null,
  };
}
