import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from './pull-fixture.js';

// An "export for sharing" file whose dashboard someone re-saved as v2 in the dynamic-dashboards editor: the v2 file pull
// writes has no place for `__inputs` or the `${DS_…}` placeholders of the classic model, so it holds this run's
// datasource. The note names the inputs lost and the value they became.

const exported = {
  __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
  uid: 'exported',
  title: 'Exported',
  schemaVersion: 41,
  panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 }, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } }],
};

describe('pull of an export file Grafana now stores as v2', () => {
  it('names the inputs the file loses and the literal they became', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashboards/exported.json'), `${JSON.stringify(exported, null, 2)}\n`);
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ inputs: { DS_PROMETHEUS: 'prom-staging' } })}\n`);
    await commitAll(work);
    const applied = await dashsync(handle, work, ['apply']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await fetch(`${handle.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'exported' }) })).status).toBe(200);

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stderr).toContain(
      'the file held a classic dashboard; its inputs DS_PROMETHEUS (now the literal "prom-staging") and its __inputs/__requires are not kept (the stored form has no place for them), so the file now holds this run\'s datasources: put the placeholders back by hand before another environment applies it; written in the stored form (review it with git diff)',
    );
  });
});
