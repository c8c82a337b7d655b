import { describe, expect, it } from 'vitest';
import { bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, lines, saveLive, seedLive, writeJson } from './plan-fixture.js';

// walk-62 M4: a dashboard classic file provisioning keeps with allowUiUpdates, which the tree holds too, moved to another
// folder in Grafana's UI: the plan's drift line said only "last saved in Grafana by …", as for any edit.

describe.each(['11.2', '13'] as const)('a file-provisioned dashboard (allowUiUpdates) moved in the UI, Grafana %s', (grafanaVersion) => {
  it('the drift line says it is provisioned from its file and that the provisioner leaves the move until that file changes', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    const model = { uid: 'prov', title: 'Provisioned', schemaVersion: 39, panels: [] };
    await writeJson(dir, 'dashboards/infra/prov.json', model);
    await commitAll(dir, 'prov');
    await handle.provisionDashboard({ dashboard: model, folderUid: 'infra', allowUiUpdates: true, externalId: 'ops/prov.json' });
    // Someone moves it to Applications in the UI (a save by another account).
    await saveLive(handle, model, 'apps', 'moved', bearerHeaders(await handle.createToken('Editor')));

    const result = await dashsync(handle, dir, ['plan', '--api', grafanaVersion === '13' ? 'auto' : 'legacy']);

    expect(result.code, result.stderr).toBe(0);
    const drift = lines(result.stdout).find((line) => line.startsWith('  ! drift: prov '));
    expect(drift).toContain(
      '; it is also provisioned from file ops/prov.json (allowUiUpdates), and the move was made in Grafana: its provisioner leaves it in the folder it was moved to ' +
        'until that file changes (a move to the General level it undoes on its next scan); the file holds the same content, so applying changes only its folder',
    );
  });
});
