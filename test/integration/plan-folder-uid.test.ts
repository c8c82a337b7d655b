import { describe, expect, it } from 'vitest';
import { GRAFANA_VERSIONS } from '../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { writes } from '../e2e/apply/workspace.js';
import { dashboard, libraryWorkspace } from './library-panels/library-tree.js';

describe.each(GRAFANA_VERSIONS)('a dashboard file whose uid is a live folder\'s, on Grafana %s (audit 9 F6c: gdg\'s folders/*.json)', (grafanaVersion) => {
  it('is a plan error on 11.2 (one uid space), naming the file, the folder and what to do; planned as a create on 12 and 13', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'other-uid', title: 'Other' })).status).toBe(200);
    const ws = await libraryWorkspace(sandbox, {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/folders/Other.json': dashboard('other-uid', 'Other', []),
      'dashboards/plain.json': dashboard('plain', 'Plain', []),
    });
    sandbox.clearRequests();
    const planned = await ws.cli(['plan']);
    if (grafanaVersion !== '11.2') {
      expect(planned.stderr).toBe('');
      expect(planned.code).toBe(0);
      expect(planned.stdout).toContain('+ create        dashboards/folders/Other.json "Other" (uid other-uid) in "folders"');
      return;
    }
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      'dashboards/folders/Other.json: error: uid "other-uid" is the uid of folder "Other" in Grafana, and this Grafana keeps folders and dashboards in one uid space, so it refuses to save this file as a dashboard: ' +
        'if it describes that folder (an export of another tool), remove it (a folder is a directory, titled by its _folder.json); if it is a dashboard, give it another uid',
    );
    expect(writes(sandbox)).toEqual([]);
  });
});
