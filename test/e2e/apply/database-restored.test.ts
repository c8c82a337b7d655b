import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { afterTheSecondOf, appliedThenBackedUp, plannedThenRestored } from './backed-up-grafana.js';
import { editFile, writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// docs/upgrading.md "Rolling back": Grafana's database restored from an earlier backup gives version numbers out again,
// and a save made in Grafana since can reach the version a saved plan recorded. Apply must not write over it.

const REDIS = { file: 'dashboards/platform/databases/redis.json', uid: 'redis-exporter', title: 'Redis (r2)', edit: (model: Record<string, any>, title: string) => (model.title = title) };
const MYSQL = { file: 'dashboards/platform/databases/mysql.json', uid: 'mysql-overview', title: 'MySQL (r2)', edit: (document: Record<string, any>, title: string) => (document.spec.title = title) };

async function restoredThenEdited(family: GrafanaVersion, board: typeof REDIS) {
  // The nightly backup: every dashboard at version 1.
  const grafana = await appliedThenBackedUp({ grafanaVersion: family });
  const { sandbox, workspace, plan } = await plannedThenRestored(grafana, family, (dir, step) =>
    editFile({ dir }, board.file, (model) => board.edit(model, step === 'planned' ? board.title : step)),
  );
  // Someone edits the dashboard in the UI, in a later second than dashsync's save the plan saw (Grafana keeps seconds).
  const seen = plan.actions.find((action) => action.uid === board.uid)!.live!;
  expect(seen.version).toBe(2);
  await afterTheSecondOf(seen.updated);
  const edited = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid: board.uid, spec: { description: 'edited in the UI after the restore' } });
  expect(edited.status, edited.text).toBe(200);
  return { sandbox, workspace };
}

describe('a saved plan applied after Grafana\'s database was restored from a backup and the dashboard saved again since', () => {
  it.each([
    ['12', 'a classic model', '/api', REDIS],
    ['12', 'a v1beta1 resource', '/apis', MYSQL],
    ['13', 'a classic model', '/api', REDIS],
    ['13', 'a v1beta1 resource', '/apis', MYSQL],
  ] as const)('Grafana %s, %s written through %s: a conflict naming who saved it, and the UI edit kept', async (family, _file, _api, board) => {
    const { sandbox, workspace } = await restoredThenEdited(family, board);
    const live = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${board.uid}`)).body;
    expect(live.meta.version).toBe(2);
    const before = writes(sandbox).length;

    const applied = await workspace.cli(['apply', 'p.json']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    const seen = board.uid === 'redis-exporter' ? 'Redis' : 'MySQL Overview';
    expect(applied.stderr).toContain(
      `conflict: ${board.uid} "after the backup" (${board.file}, titled "${board.title}" there) changed in Grafana after the plan: ` +
        `version 2 is now another save than the plan saw (Grafana's database restored from a backup?), now titled "${seen}", changed by editor at ${live.meta.updated}; ` +
        `left untouched. Run dashsync plan to review, dashsync pull ${board.uid} to bring the live edit into the file`,
    );
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated');
    // Through /apis the PUT at the planned resourceVersion goes out, and Grafana refuses it (409): nothing lands.
    expect(writes(sandbox).slice(before).filter((entry) => entry.status < 400)).toEqual([]);
    const after = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${board.uid}`)).body;
    expect(after.meta.version).toBe(2);
    expect(after.dashboard.description).toBe('edited in the UI after the restore');
  });
});
