import { describe, expect, it } from 'vitest';
import { GRAFANA_VERSIONS } from '../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { writes } from '../e2e/apply/workspace.js';
import { dashboard, libraryWorkspace } from './library-panels/library-tree.js';

describe.each(GRAFANA_VERSIONS)('a dashboard file whose uid is a live folder\'s, on Grafana %s (audit 9 F6c: gdg\'s folders/*.json)', (grafanaVersion) => {
  it('is a plan error naming the file, the folder and what to do; nothing is planned or written', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'other-uid', title: 'Other' })).status).toBe(200);
    const ws = await libraryWorkspace(sandbox, {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/folders/Other.json': dashboard('other-uid', 'Other', []),
      'dashboards/plain.json': dashboard('plain', 'Plain', []),
    });
    sandbox.clearRequests();
    const planned = await ws.cli(['plan']);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      'dashboards/folders/Other.json: error: uid "other-uid" is the uid of folder "Other" in Grafana, so this file cannot be saved as a dashboard: ' +
        'if it describes that folder (an export of another tool), remove it (a folder is a directory, titled by its _folder.json); if it is a dashboard, give it another uid',
    );
    expect(writes(sandbox)).toEqual([]);
  });
});
