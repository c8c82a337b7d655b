import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, lines, makeWorkDir } from './pull-fixture.js';

// Legacy SQL storage (Grafana 12's default) keeps no dashsync record: the version message of each /apis push names the
// content and the identity that pushed it (content-note.ts), and pull leaves a file whose push Grafana only rewrote
// (schema migration) as it is. A message copied into someone else's save is not dashsync's: Grafana records another
// saver for it (save-authorship.ts), so pull takes that save as the Grafana edit it is.

const HISTORY = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?limit=1&labelSelector=grafana.app/get-history=true&fieldSelector=metadata.name=old';
const model = { panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }], refresh: '', schemaVersion: 36, title: 'Old', uid: 'old' };

describe('pull of a dashboard pushed through /apis to Grafana 12 (legacy SQL storage)', () => {
  it("calls the file of dashsync's migrated push unchanged, and pulls a UI edit whose message copies that push's note", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12', storage: 'legacy' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    const file = join(work, 'dashboards/old.json');
    await writeFile(file, `${JSON.stringify(model, null, 2)}\n`);
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ api: 'k8s' })}\n`);
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply'])).code).toBe(0);

    const untouched = await dashsync(handle, work, ['pull']);
    expect(untouched.code, untouched.stderr).toBe(0);
    expect(lines(untouched.stdout).at(-1)).toBe('Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.');

    const message = (await apiRequest(handle, 'GET', HISTORY)).body.items[0].metadata.annotations['grafana.app/message'];
    const ui = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'old', spec: { description: 'edited in the UI' }, message }) });
    expect(ui.status).toBe(200);
    const pulled = await dashsync(handle, work, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).at(-1), pulled.stdout).toBe('Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted.');
    expect(JSON.parse(await readFile(file, 'utf8')).description).toBe('edited in the UI');
  });
});
