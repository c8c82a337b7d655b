import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture, dashsync, writeJson } from '../plan/plan-fixture.js';

// Grafana 11.2 keeps folder titles unique per parent only (PR #77076, 10.4: the unique keys are org_id, folder_uid,
// title, is_folder in `dashboard` and org_id, parent_uid, title in `folder`), so one title under two parents applies.
describe('apply of two folders of one title under different parents, Grafana 11.2', () => {
  it('creates both, warns of no clash, and plans clean', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    const dir = await copyFixture('basic');
    for (const team of ['team-a', 'team-b']) {
      await writeJson(dir, `dashboards/${team}/prod/_folder.json`, { title: 'Prod', uid: `${team}-prod` });
      await writeJson(dir, `dashboards/${team}/prod/${team}.json`, { title: `${team} overview`, uid: `${team}-d` });
    }

    const applied = await dashsync(handle, dir, ['apply']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toContain('folder title clash');
    for (const team of ['team-a', 'team-b']) {
      expect((await apiRequest(handle, 'GET', `/api/folders/${team}-prod`)).body.title).toBe('Prod');
    }
    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  });
});
