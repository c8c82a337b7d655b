import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { editorToken } from '../helpers/sandbox.js';
import { reworkedInTrash } from '../helpers/reworked-in-trash.js';
import { startTrashFailingProxy } from '../helpers/trash-failing-proxy.js';
vi.setConfig({ testTimeout: 120_000 });
const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const UID = 'postgresql-overview';

describe('scratch', () => {
  it('item2', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await reworkedInTrash(sandbox, workspace, POSTGRES, UID, 'two days of work');
    const proxy = await startTrashFailingProxy(sandbox.url);
    const admin = { GRAFANA_URL: proxy.url, BS: sandbox.url };
    const editor = { BS: sandbox.url, GRAFANA_URL: proxy.url, GRAFANA_TOKEN: await editorToken(sandbox), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    for (const [name, env] of [['editor', editor], ['admin', admin]] as const) for (const args of [['restore', UID, '--dry-run'], ['restore', UID, '--dry-run', '--format', 'json'], ['restore', '--all', '--dry-run'], ['restore', UID, '--format', 'json'], ['restore', UID]]) {
      const { BS, ...e } = env as any; const r = await workspace.cli([...args, '--backup-source', BS], e);
      console.log(name, args.join(' '), r.code, '\nOUT:', r.stdout, '\nERR:', r.stderr);
    }
  });
  it('item4', async () => {
    const { sandbox, workspace } = await appliedExample('11.2', 'legacy');
    await pruneAway(workspace, POSTGRES);
    const { name } = await newestBackup(workspace, UID);
    const backup = `.dashsync/backups/${UID}/${name}`;
    expect((await (await import('../helpers/sandbox.js')).apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}/trash`)).status).toBe(200);
    sandbox.clearRequests();
    const r = await workspace.cli(['restore', UID, '--from-backup', backup, '--dry-run']);
    console.log('item4', r.code, r.stdout, r.stderr);
    console.log(sandbox.requests().map((e) => `${e.method} ${e.path}`).join('\n'));
  });
});
