import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { renderApplyStop } from '../../src/report/render-apply-result.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

// sandbox-fidelity-14: 13.1 refuses a create in a folder the credentials may not edit with its folder check's 500, before the save.
describe('a create refused with "access denied to folder" (Grafana 13.1, a folder granting the Editor role View only)', () => {
  it('ends with what to do about the folder, not with "a 429 or 5xx often" passes', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', release: '13.1.0' });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'locked', title: 'Locked' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/locked/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-folder-denied-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards', 'locked'), { recursive: true });
    await writeFile(join(dir, 'dashboards', 'locked', '_folder.json'), `${JSON.stringify({ uid: 'locked', title: 'Locked' })}\n`);
    await writeFile(join(dir, 'dashboards', 'locked', 'd.json'), `${JSON.stringify({ panels: [], title: 'D', uid: 'd-1' }, null, 2)}\n`);
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect(result!.failures).toMatchObject([{ uid: 'd-1', action: 'create', folderEditNeeded: true }]);
    expect(result!.failures[0]!.message).toContain('HTTP 500: access denied to folder');
    expect(renderApplyStop(result!, 'cli')).toBe(
      '1 planned change failed (its line is above); Grafana refused it with "access denied to folder" (these credentials may not edit the folder), which running again does not change: ' +
        'grant them Edit on that folder (or use a token that has it), then run dashsync apply again to finish (what is done is skipped)\n',
    );
  });
});
