import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderApplyStop, renderApplySummary, renderBackupsWritten, renderUnknown } from '../../src/report/render-apply-result.js';
import { startLateDeleteGateway } from '../helpers/late-delete-gateway.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll } from '../pull/pull-fixture.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

const dashboard = (uid: string, schemaVersion: number) => ({ uid, title: `Dashboard ${uid}`, schemaVersion, refresh: '', panels: [] });

// review-69b M2: a gateway answered each prune DELETE 504 at once (or nothing came before --timeout) and passed it on to a
// busy Grafana later. The read back right after found the dashboard, the run said "nothing was deleted" (and, stopped,
// "stopped before any write landed … nothing was applied"), and then Grafana deleted it. Every word printed must still
// hold once the held DELETE lands.
describe.each([
  { grafanaVersion: '12' as const, schemaVersion: 42, answer: 504 as const, timeoutMs: 10_000 },
  { grafanaVersion: '11.2' as const, schemaVersion: 39, answer: 'none' as const, timeoutMs: 400 },
])('a prune delete a gateway answers first ($answer) and passes on later, Grafana $grafanaVersion', ({ grafanaVersion, schemaVersion, answer, timeoutMs }) => {
  it('is reported as a delete whose outcome is not known, its backup named, and the dashboard goes once the gateway passes it on', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const gateway = await startLateDeleteGateway(sandbox.url, answer);
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-delete-gateway-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'));
    for (const uid of ['kept', 'gone']) await writeFile(join(dir, 'dashboards', `${uid}.json`), `${JSON.stringify(dashboard(uid, schemaVersion), null, 2)}\n`);
    const env = { GRAFANA_URL: gateway.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const settings = await loadSettings({ flags: { root: 'dashboards', prune: 'all' }, env, cwd: dir });
    const grafana = openGrafanaPort({ url: gateway.url, auth: settings.auth, timeoutMs, concurrency: 2, env: {}, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }, 'auto');
    onTestFinished(() => grafana.close());
    const apply = async () => applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
    expect((await apply()).failures).toEqual([]);
    await rm(join(dir, 'dashboards', 'gone.json'));

    const result = await apply();

    expect(gateway.held()).toBe(2);
    expect(result.failures).toEqual([]);
    expect(result.unknown.map((unknown) => [unknown.uid, unknown.action, unknown.stillThereWhenReadBack])).toEqual([['gone', 'delete', true]]);
    expect(result.backupsNotDeleted?.map((backup) => [backup.uid, backup.delete])).toEqual([['gone', 'unknown']]);
    expect(result.mayHaveWritten).toBe(true);
    const printed = [
      ...result.unknown.map((unknown) => renderUnknown(unknown, 'cli')),
      renderApplySummary(result),
      renderApplyStop(result, 'cli'),
      renderBackupsWritten(result, { backupDir: settings.backupDir, cwd: dir }, 'cli'),
    ].join('\n');
    expect(printed).not.toMatch(/nothing was deleted|nothing was applied|before any write landed/);
    expect(printed).toContain('gone was still there when read back');
    expect(renderApplySummary(result)).toMatch(/0 deleted; 1 unknown/);
    if (answer === 'none') expect(renderApplyStop(result, 'cli')).toContain('whether 1 write landed is not known (delete gone)');
    const backup = result.backups[0]!;
    expect(JSON.parse(await readFile(backup, 'utf8'))).toMatchObject({ dashboard: { uid: 'gone' } });

    // The gateway passes the DELETEs on now: the first deletes the dashboard, which the words above allowed for.
    expect((await gateway.passOn())[0]).toBe(200);
    const path = grafanaVersion === '12' ? '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/gone' : '/api/dashboards/uid/gone';
    expect((await apiRequest(sandbox, 'GET', path)).status).toBe(404);
  });
});

// The same for a library panel's prune delete (the same read back, review-69b M2 "by the code the same").
describe('a library panel prune delete a gateway answers 504 at once and passes on later', () => {
  it('is a delete whose outcome is not known, still there when read back, and the panel goes once the gateway passes it on', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const gateway = await startLateDeleteGateway(sandbox.url, 504);
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-delete-gateway-panel-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards', '_library'), { recursive: true });
    await writeFile(join(dir, 'dashboards', 'kept.json'), `${JSON.stringify(dashboard('kept', 39), null, 2)}\n`);
    await writeFile(join(dir, 'dashboards', '_library', 'cpu.json'), `${JSON.stringify({ uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'stat', title: 'CPU' } }, null, 2)}\n`);
    const env = { GRAFANA_URL: gateway.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const settings = await loadSettings({ flags: { api: 'legacy', root: 'dashboards', prune: 'all' }, env, cwd: dir });
    const grafana = openGrafanaPort({ url: gateway.url, auth: settings.auth, timeoutMs: 10_000, concurrency: 2, env: {}, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }, 'legacy');
    onTestFinished(() => grafana.close());
    const apply = async () => applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
    expect((await apply()).failures).toEqual([]);
    await rm(join(dir, 'dashboards', '_library', 'cpu.json'));

    const result = await apply();

    expect(result.libraryPanelsDeleted).toEqual([]);
    expect(result.unknown.map((unknown) => [unknown.uid, unknown.stillThereWhenReadBack])).toEqual([['lp-cpu', true]]);
    expect(result.backupsNotDeleted?.map((backup) => [backup.kind, backup.uid, backup.delete])).toEqual([['library-panel', 'lp-cpu', 'unknown']]);
    const line = renderBackupsWritten(result, { backupDir: settings.backupDir, cwd: dir }, 'cli');
    expect(line).toContain('lp-cpu was still there when read back');
    expect(line).not.toContain('nothing was deleted');

    expect((await gateway.passOn())[0]).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).status).toBe(404);
  });
});

// review-70a L1: the same for a folder's prune delete: it was reported `failed` (and the run `1 failed`) while the gateway's
// sends were still on their way, and then Grafana deleted the folder.
describe('a folder prune delete a gateway answers 504 at once and passes on later, Grafana 12', () => {
  it('is a delete whose outcome is not known, still there when read back, and the folder goes once the gateway passes it on', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const gateway = await startLateDeleteGateway(sandbox.url, 504);
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-delete-gateway-folder-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards', 'ops'), { recursive: true });
    await writeFile(join(dir, 'dashboards', 'kept.json'), `${JSON.stringify(dashboard('kept', 42), null, 2)}\n`);
    await writeFile(join(dir, 'dashboards', 'ops', 'disk.json'), `${JSON.stringify(dashboard('disk', 42), null, 2)}\n`);
    const env = { GRAFANA_URL: gateway.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const settings = await loadSettings({ flags: { root: 'dashboards', prune: 'all' }, env, cwd: dir });
    const grafana = openGrafanaPort({ url: gateway.url, auth: settings.auth, timeoutMs: 10_000, concurrency: 2, env: {}, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }, 'auto');
    onTestFinished(() => grafana.close());
    const apply = async () => applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
    // git's history shows the directory this tree's: its folder is prune's (docs/apply.md "Which folders are managed").
    await commitAll(dir, 'tree');
    expect((await apply()).failures).toEqual([]);
    // Its one dashboard moved out (a save, not a DELETE), the directory gone: the next apply prunes dashsync's folder, empty.
    const folderUid = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/disk')).body.meta.folderUid as string;
    await writeFile(join(dir, 'dashboards', 'disk.json'), await readFile(join(dir, 'dashboards', 'ops', 'disk.json'), 'utf8'));
    await rm(join(dir, 'dashboards', 'ops'), { recursive: true });
    await commitAll(dir, 'ops retired, disk kept');
    expect((await apply()).moved).toEqual(['disk']);

    const result = await apply();

    expect(result.failures).toEqual([]);
    expect(result.unknown.map((unknown) => [unknown.uid, unknown.action, unknown.stillThereWhenReadBack])).toEqual([[folderUid, 'folder-delete', true]]);
    const line = renderUnknown(result.unknown[0]!, 'cli');
    expect(line).toContain('still there when read back');
    expect(renderApplySummary(result)).toMatch(/1 unknown/);
    expect(renderApplySummary(result)).not.toMatch(/failed/);

    expect((await gateway.passOn())[0]).toBe(200);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${folderUid}`)).status).toBe(404);
  });
});
