import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Grafana 12+ on /api confirms a tree folder its search does not show by reading it, and checks folders:read on the
// uid as asked before it looks the folder up: an Editor is refused (403) a folder that does not exist yet.

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

describe.each(['12', '13'] as const)('an Editor service account adds a folder over /api (Grafana %s)', (grafanaVersion) => {
  it('the new folder is planned as a create with a warning, not refused as one that exists; apply creates it and its dashboard', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'ci deploy', role: 'Editor' }, adminHeaders());
    const token = await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' }, adminHeaders());
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-editor-folder-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards/team'), { recursive: true });
    await writeFile(join(dir, 'dashboards/team/_folder.json'), JSON.stringify({ uid: 'team', title: 'Team' }));
    await writeFile(join(dir, 'dashboards/team/cpu.json'), JSON.stringify({ uid: 'cpu', title: 'CPU', schemaVersion: 39, panels: [] }));
    const settings = await loadSettings({ flags: { api: 'legacy', root: 'dashboards' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token.body.key }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    const plan = await createPlan({ settings, grafana, git: GIT });

    expect(sandbox.requests().find((entry) => entry.path === '/api/folders/team')).toMatchObject({ method: 'GET', status: 403 });
    expect(plan.summary).toMatchObject({ create: 1, folderCreate: 1 });
    // On 13 under api "legacy" the plan also notes that the trash was not read (uid null).
    expect(plan.warnings.map((warning) => warning.uid)).toEqual(grafanaVersion === '13' ? ['team', null] : ['team']);
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result).toMatchObject({ conflicts: [], failures: [], foldersCreated: ['team'] });
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu', undefined, adminHeaders())).body.meta).toMatchObject({ folderUid: 'team' });
  });
});
