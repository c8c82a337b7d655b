import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderBackupsWritten, renderUnknown } from '../../src/report/render-apply-result.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** At the schema version Grafana 12 migrates a dashboard written through `/apis` to: read back, it is what was sent. */
const dashboard = (uid: string) => ({ uid, title: `Dashboard ${uid}`, schemaVersion: 42, refresh: '', panels: [] });

// walk-68b L3: DELETEs answered 502 through /apis, each read back and found still there (200), were reported as deletes
// "whose outcome is not known" without a word of what the read back found. review-69b M2: a gateway's 502 may come while
// Grafana still works on the request, so "not made" (nothing was deleted) is not known either: what is true at print time
// is that it was still there when read back, and that its outcome is not known.
describe('a prune delete a gateway answers 502 and the read back finds still there', () => {
  it('is a delete whose outcome is not known, said to be still there when read back, its backup named and never "nothing was deleted"', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-delete-read-back-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'));
    for (const uid of ['kept', 'gone']) await writeFile(join(dir, 'dashboards', `${uid}.json`), `${JSON.stringify(dashboard(uid), null, 2)}\n`);
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const settings = await loadSettings({ flags: { api: 'auto', root: 'dashboards', prune: 'all' }, env, cwd: dir });
    // Two sends a request, no wait between them: what is under test is what the read back after them found.
    const grafana = openGrafanaPort({ url: sandbox.url, auth: settings.auth, timeoutMs: 10_000, concurrency: 2, env: {}, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }, 'auto');
    onTestFinished(() => grafana.close());
    const apply = async () => applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
    expect((await apply()).failures).toEqual([]);
    await rm(join(dir, 'dashboards', 'gone.json'));
    sandbox.setFaults({ methods: ['DELETE'], pathPrefix: '/apis/', errorRate: 1, errorStatus: 502 });
    sandbox.clearRequests();

    const result = await apply();

    const requests = sandbox.requests().map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`);
    expect(requests.filter((line) => line.startsWith('DELETE'))).toHaveLength(2);
    expect(requests.at(-1)).toMatch(/^GET \/apis\/dashboard\.grafana\.app\/\S+\/dashboards\/gone 200$/);
    expect(result.failures).toEqual([]);
    expect(result.unknown.map((unknown) => [unknown.uid, unknown.action, unknown.stillThereWhenReadBack])).toEqual([['gone', 'delete', true]]);
    expect(renderUnknown(result.unknown[0]!, 'cli')).toContain("still there when read back, and a send that met no answer or a gateway's 502/504 may still be processed");
    expect(result.backupsNotDeleted?.map((backup) => [backup.uid, backup.delete, backup.stillThereWhenReadBack])).toEqual([['gone', 'unknown', true]]);
    expect(result.mayHaveWritten).toBe(true);
    const line = renderBackupsWritten(result, { backupDir: settings.backupDir, cwd: dir }, 'cli');
    expect(line).toMatch(/^Backups taken before deletes this run did not make or whose outcome is not known: 1 file under \.dashsync\/backups\//);
    expect(line).toContain('gone was still there when read back');
    expect(line).toContain('dashsync plan');
    expect(line).not.toContain('nothing was deleted');
  });
});
