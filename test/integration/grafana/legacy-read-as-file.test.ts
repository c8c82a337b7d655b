import { describe, expect, it } from 'vitest';
import { describeModelText } from '../../../src/files/model-text.js';
import { createLegacyPort } from '../../../src/grafana/legacy/create-legacy-port.js';
import type { DashboardRead, ExpectedModel } from '../../../src/grafana/port.js';
import { canonicalJson } from '../../../src/normalize/canonical-json.js';
import { portClientOptions } from '../../helpers/port-client-options.js';
import { RELEASES } from '../../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

type Json = Record<string, unknown>;

/** A model as a canonical file holds it (what pull writes): keys sorted, no id or version. */
const fileModel = (uid: string, title: string, extra: Json = {}): Json =>
  JSON.parse(canonicalJson({ uid, title, schemaVersion: 39, panels: [{ id: 1, type: 'timeseries', title: 'p99 <ms>' }], time: { from: 'now-6h', to: 'now' }, ...extra })) as Json;

describe.each(RELEASES)('legacy port on Grafana $grafanaVersion: readDashboards with fileModels', ({ grafanaVersion }) => {
  it('gives the head of each dashboard whose answer is its file\'s model in its folder, and reads every other one in full', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'dev', title: 'Dev' })).status).toBe(200);
    const files: Record<string, Json> = {
      same: fileModel('same', 'Same'),
      escaped: fileModel('escaped', 'Latency & errors <p99> – 東京'),
      edited: fileModel('edited', 'Edited'),
      moved: fileModel('moved', 'Moved'),
      missing: fileModel('missing', 'Missing'),
    };
    for (const uid of ['same', 'escaped', 'edited', 'moved']) {
      expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: files[uid], folderUid: 'ops' })).status).toBe(200);
    }
    // Someone changes one in Grafana and moves another.
    const edited = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/edited');
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...edited.body.dashboard, refresh: '1m' }, folderUid: 'ops' })).status).toBe(200);
    const moved = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/moved');
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: moved.body.dashboard, folderUid: 'dev', overwrite: true })).status).toBe(200);

    const fileModels = new Map<string, ExpectedModel>(Object.entries(files).map(([uid, model]) => [uid, { text: describeModelText(Buffer.from(canonicalJson(model)))!, folderUid: 'ops' }]));
    const grafana = createLegacyPort(portClientOptions(sandbox));
    const reads = new Map<string, DashboardRead>();
    for await (const read of grafana.readDashboards(Object.keys(files), { concurrency: 2, pushedFrom: new Map(), fileModels })) reads.set(read.uid, read);
    await grafana.close();

    const same = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/same');
    expect(reads.get('same')).toEqual({
      uid: 'same',
      asPushed: expect.objectContaining({ folderUid: 'ops', folderTitle: 'Ops', version: same.body.meta.version, revision: String(same.body.meta.version), internalId: same.body.dashboard.id, lastSave: expect.objectContaining({ by: 'admin' }) }),
    });
    expect(reads.get('same')).not.toHaveProperty('asPushed.model');
    expect(reads.get('escaped')).toHaveProperty('asPushed');
    expect(reads.get('edited')).toMatchObject({ live: { model: { refresh: '1m', title: 'Edited' } } });
    expect(reads.get('moved')).toMatchObject({ live: { folderUid: 'dev', model: { title: 'Moved' } } });
    expect(reads.get('missing')).toEqual({ uid: 'missing', live: null });
  });
});
