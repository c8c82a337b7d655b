import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const FOLDERS = '/apis/folder.grafana.app/v1/namespaces/default/folders';

/**
 * Grafana 13 keeps a folder in unified storage as the object written: a rename or move that sent only the parent
 * annotation would drop another tool's annotations and labels and release the folder from its manager.
 */
it('a folder rename and move through /apis on 13 keep the annotations and labels others wrote (the manager too)', async () => {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  for (const [uid, title] of [['team', 'Team'], ['parent', 'Parent']]) expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid, title })).status).toBe(200);
  const current = (await apiRequest(sandbox, 'GET', `${FOLDERS}/team`)).body;
  const theirs = { 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'platform', 'example.com/owner': 'sre' };
  const tagged = await apiRequest(sandbox, 'PUT', `${FOLDERS}/team`, {
    ...current,
    metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, ...theirs }, labels: { ...current.metadata.labels, tier: 'gold' } },
  });
  expect(tagged.status).toBe(200);

  const dir = await mkdtemp(join(tmpdir(), 'dashsync-folder-metadata-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());

  expect(await grafana.updateFolder('team', { title: 'Team renamed', parentUid: 'parent', expect: 'any' })).toMatchObject({ kind: 'saved' });
  const after = (await apiRequest(sandbox, 'GET', `${FOLDERS}/team`)).body;
  expect([after.spec.title, after.metadata.annotations['grafana.app/folder']]).toEqual(['Team renamed', 'parent']);
  expect(after.metadata.annotations).toMatchObject(theirs);
  expect(after.metadata.labels.tier).toBe('gold');
  expect(await grafana.updateFolder('team', { title: 'Team renamed', parentUid: null, expect: 'any' })).toMatchObject({ kind: 'saved' });
  const top = (await apiRequest(sandbox, 'GET', `${FOLDERS}/team`)).body;
  expect([top.metadata.annotations['grafana.app/folder'], top.metadata.annotations['grafana.app/managedBy']]).toEqual([undefined, 'kubectl']);
});
