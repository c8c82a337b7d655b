import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { afterTheSecondOf, appliedThenBackedUp, plannedThenRestored } from './backed-up-grafana.js';
import { writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// As database-restored.test.ts for a dashboard: Grafana's database restored from an earlier backup gives a library panel's
// and a folder's version numbers out again, and a save made in Grafana since can reach the version a saved plan recorded.
// The version sent with the write lets it through; apply must not write over that save.

const FOLDER = 'dashboards/team/_folder.json';
const PANEL = 'dashboards/team/_library/cpu.json';

const writeJson = (dir: string, file: string, value: object) => writeFile(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
const panelFile = (title: string) => ({ uid: 'lp-cpu', name: 'CPU', kind: 1, model: { type: 'stat', title } });

async function addTeam(dir: string): Promise<void> {
  await mkdir(join(dir, 'dashboards/team/_library'), { recursive: true });
  await writeJson(dir, FOLDER, { uid: 'team', title: 'Team' });
  await writeJson(dir, PANEL, panelFile('cpu'));
  await writeJson(dir, 'dashboards/team/d.json', { uid: 'team-d', title: 'Team D', schemaVersion: 39, panels: [] });
}

/**
 * The nightly backup holds the folder and the panel at version 1; dashsync then saves version 2 of each, and a plan saved
 * after it would save version 3 (`change(…, 'planned')`). The database is restored, and someone saves the restored version
 * 1 again in the UI (`edit`), in a later second than the save the plan saw: that save is version 2 now.
 */
async function restoredThenEdited(family: GrafanaVersion, change: (dir: string, step: 'after the backup' | 'planned') => Promise<void>, edit: (sandbox: SandboxHandle) => Promise<void>) {
  const grafana = await appliedThenBackedUp({ grafanaVersion: family }, { addToTree: addTeam, api: 'legacy' });
  const { sandbox, workspace, plan } = await plannedThenRestored(grafana, family, change);
  // The save of the panel the plan saw (a folder's rename since is told by its title, whenever it was made).
  await afterTheSecondOf(plan.actions.find((action) => action.uid === 'lp-cpu')!.live!.updated);
  await edit(sandbox);
  return { sandbox, workspace };
}

describe.each(['12', '13'] as const)("a saved plan applied after Grafana %s's database was restored from a backup, through /api", (family) => {
  it('a library panel saved again since under the planned version: a conflict, and the UI edit kept', async () => {
    const { sandbox, workspace } = await restoredThenEdited(
      family,
      (dir, step) => writeJson(dir, PANEL, panelFile(step)),
      async (grafana) => {
        const restored = (await apiRequest(grafana, 'GET', '/api/library-elements/lp-cpu')).body.result;
        expect(restored.version).toBe(1);
        const edited = await apiRequest(grafana, 'PATCH', '/api/library-elements/lp-cpu', { name: 'CPU (UI)', kind: 1, folderUid: 'team', model: { ...restored.model, title: 'edited in the UI' }, version: 1 });
        expect(edited.status, edited.text).toBe(200);
      },
    );
    const live = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result;
    expect(live.version).toBe(2);
    const before = writes(sandbox).length;

    const applied = await workspace.cli(['apply', 'p.json']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toContain(
      `conflict: library panel lp-cpu "CPU" (${PANEL}) changed in Grafana after the plan: ` +
        `version 2 is now another save than the plan saw (Grafana's database restored from a backup?), now named "CPU (UI)", changed by admin at ${live.meta.updated}; left untouched.`,
    );
    expect(writes(sandbox).slice(before).filter((entry) => entry.path.startsWith('/api/library-elements'))).toEqual([]);
    const after = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result;
    expect([after.version, after.name, after.model.title]).toEqual([2, 'CPU (UI)', 'edited in the UI']);

    // --force writes over it, and its line names the save it replaced.
    const forced = await workspace.cli(['apply', 'p.json', '--force']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`updated (forced over version 2, saved by admin at ${live.meta.updated}): library panel lp-cpu "CPU" (${PANEL})`);
  });

  it('a folder renamed since under the planned version: a conflict, and the UI edit kept', async () => {
    const { sandbox, workspace } = await restoredThenEdited(
      family,
      (dir, step) => writeJson(dir, FOLDER, { uid: 'team', title: step === 'planned' ? 'Team (planned)' : 'Team (after the backup)' }),
      async (grafana) => {
        const restored = (await apiRequest(grafana, 'GET', '/api/folders/team')).body;
        expect([restored.version, restored.title]).toEqual([1, 'Team']);
        const edited = await apiRequest(grafana, 'PUT', '/api/folders/team', { title: 'Team (UI)', version: 1 });
        expect(edited.status, edited.text).toBe(200);
      },
    );
    const live = (await apiRequest(sandbox, 'GET', '/api/folders/team')).body;
    expect(live.version).toBe(2);

    const applied = await workspace.cli(['apply', 'p.json']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toContain(
      'conflict: folder team "Team (after the backup)" (titled "Team (planned)" in the tree) changed in Grafana after the plan: ' +
        `version 2 is now another save than the plan saw (Grafana's database restored from a backup?), now titled "Team (UI)", changed by admin at ${live.updated}; left untouched.`,
    );
    const after = (await apiRequest(sandbox, 'GET', '/api/folders/team')).body;
    expect([after.version, after.title]).toEqual([2, 'Team (UI)']);

    // --force writes over it, and its line names the folder it renamed as it was, and that save.
    const forced = await workspace.cli(['apply', 'p.json', '--force']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`renamed (forced over version 2, saved by admin at ${live.updated}): folder team "Team (UI)" to "Team (planned)"\n`);
  });
});
