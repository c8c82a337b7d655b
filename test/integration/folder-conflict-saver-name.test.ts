import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/**
 * A folder another service account renamed after the plan: the conflict names that account. On 12 the folder comes
 * from legacy storage, which writes every saver of the user table as `user:<id>` (pkg/registry/apis/folders/conversions.go),
 * while Grafana's display list answers that row as a `service-account`; on 13 unified storage records
 * `service-account:<uid>`. Either way the name people know, not the typed id.
 */
describe.each(['12', '13'] as const)('a folder conflict on Grafana %s (/apis) names the service account that changed it', (grafanaVersion) => {
  it('names the account, not user:<id>', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-folder-saver-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards/team'), { recursive: true });
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
    const folderFile = join(dir, 'dashboards/team/_folder.json');
    await writeFile(folderFile, JSON.stringify({ uid: 'team', title: 'Team' }));
    await writeFile(join(dir, 'dashboards/team/overview.json'), JSON.stringify({ uid: 'team-overview', title: 'Overview', schemaVersion: 39, panels: [] }));
    const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });

    await writeFile(folderFile, JSON.stringify({ uid: 'team', title: 'Team (from git)' }));
    const plan = await createPlan({ settings, grafana, git: GIT });
    const job = (await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'nightly job', role: 'Editor' })).body;
    const token = (await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${job.id}/tokens`, { name: 'job' })).body.key as string;
    const renamed = await apiRequest(sandbox, 'PUT', '/api/folders/team', { title: 'Renamed by the job', overwrite: true }, bearerHeaders(token));
    expect(renamed.status).toBe(200);

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result.conflicts).toMatchObject([{ uid: 'team', action: 'folder-update', changedBy: 'nightly job', currentTitle: 'Renamed by the job' }]);
  });
});
