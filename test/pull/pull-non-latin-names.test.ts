import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

describe.each(['12', '13'] as const)('pull names files of Cyrillic and Hebrew titles as Grafana\'s URL spells them (Grafana %s)', (grafanaVersion) => {
  let handle: SandboxHandle;
  beforeAll(async () => {
    handle = await startTestSandbox({ grafanaVersion });
    const servers = await createFolder(handle, { uid: 'srv', title: 'Сервера' });
    await saveDashboard(handle, { uid: 'a36xc9bwt97b05', title: 'Метрики сервера', panels: [] }, servers);
    await saveDashboard(handle, { uid: 'akbmfafnu4nmxv', title: '日本語ダッシュボード', panels: [] }, servers);
    await saveDashboard(handle, { uid: 'GreekBoard', title: 'Πίνακας', panels: [] }, servers);
    await saveDashboard(handle, { uid: 'hebrew', title: 'שלום עולם', panels: [] });
  });
  afterAll(() => handle?.close());

  it('pull --all: the file name is the slug of the dashboard\'s URL in Grafana; Japanese and Greek, which Grafana does not spell in Latin letters, keep the uid', async () => {
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull', '--all']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect((await walkFiles(join(work, 'dashboards'))).map((file) => file.path)).toEqual([
      'servera/_folder.json',
      'servera/akbmfafnu4nmxv.json',
      'servera/greekboard.json',
      'servera/metriki-servera.json',
      'wlvm-evlm.json',
    ]);
    for (const [uid, file] of [['a36xc9bwt97b05', 'metriki-servera'], ['hebrew', 'wlvm-evlm']]) {
      const live = await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`);
      expect(live.body.meta.url).toBe(`/d/${uid}/${file}`);
    }
    const folder = await apiRequest(handle, 'GET', '/api/folders/srv');
    expect(folder.body.url).toBe('/dashboards/f/srv/servera');
  });

  it('a file the tree already holds under its uid keeps that path', async () => {
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--all'])).code).toBe(0);
    await rename(join(work, 'dashboards/servera/metriki-servera.json'), join(work, 'dashboards/servera/a36xc9bwt97b05.json'));
    await commitAll(work, 'named by uid, as an older dashsync did');

    const pulled = await dashsync(handle, work, ['pull']);
    expect([pulled.code, pulled.stderr, pulled.stdout]).toEqual([0, '', 'Pull: 0 created, 0 updated, 0 moved, 4 unchanged, 0 deleted.\n']);
    expect((await walkFiles(join(work, 'dashboards/servera'))).map((file) => file.path)).toContain('a36xc9bwt97b05.json');
    expect((await walkFiles(join(work, 'dashboards/servera'))).map((file) => file.path)).not.toContain('metriki-servera.json');
  });
});
