import type { SandboxHandle } from '../../src/sandbox/types.js';
import { createFolder, saveDashboard } from './pull-fixture.js';

const LONG_PREFIX = `A very long title ${'that goes on '.repeat(22)}`;

export interface SeededGrafana {
  /** uid of every dashboard seeded. */
  dashboardUids: string[];
  /** uid of the folder Grafana generated (as for folders made in the UI). */
  generatedFolderUid: string;
}

/**
 * A Grafana as operators have them: nested folders three deep, hostile folder and dashboard
 * titles, titles that sanitise to the same name in one folder, root-level dashboards, custom
 * and server-generated folder uids. Only titles the given release accepts (11.2 refuses a
 * second dashboard with the same slug in a folder, and a dashboard named like a folder).
 */
export async function seedHostileGrafana(handle: SandboxHandle): Promise<SeededGrafana> {
  const uids: string[] = [];
  const save = async (uid: string, title: string, folderUid = '', extra: Record<string, unknown> = {}) => {
    uids.push(await saveDashboard(handle, { uid, title, panels: [], schemaVersion: 39, ...extra }, folderUid));
  };

  await createFolder(handle, { uid: 'platform-x', title: 'Platform' });
  await createFolder(handle, { uid: 'k8s', title: 'Kubernetes', parentUid: 'platform-x' });
  await createFolder(handle, { uid: 'nodes', title: 'Nodes', parentUid: 'k8s' });
  await createFolder(handle, { uid: 'f-slash', title: 'a/b', parentUid: 'platform-x' });
  await createFolder(handle, { uid: 'f-etc', title: '../../etc' });
  await createFolder(handle, { uid: 'f-etc2', title: 'Etc.' });
  await createFolder(handle, { uid: 'f-dots', title: '..' });
  await createFolder(handle, { uid: 'f-hidden', title: '.hidden' });
  await createFolder(handle, { uid: 'f-con', title: 'CON' });
  await createFolder(handle, { uid: 'f-modules', title: 'node_modules' });
  await createFolder(handle, { uid: 'f-emoji', title: '🚀' });
  await createFolder(handle, { uid: 'f-long', title: `${LONG_PREFIX} folder` });
  const generatedFolderUid = await createFolder(handle, { title: 'Made In The UI' });

  for (const folderUid of ['f-slash', 'f-etc', 'f-etc2', 'f-dots', 'f-hidden', 'f-con', 'f-modules', 'f-emoji', 'f-long', 'k8s']) {
    await save(`in-${folderUid}`, 'Inside', folderUid);
  }
  await save('gen-1', 'Generated', generatedFolderUid);
  // Grafana ≤ 12 and 13.0.x raise a too-short refresh to the minimum on save; 13.1+'s apiserver refuses it (13: 10s for either).
  await save('cpu-1', 'CPU', 'nodes', { refresh: handle.grafanaVersion === '13' ? '10s' : '1s' });
  await save('cpu-2', 'Über', 'nodes');
  await save('cpu-3', 'Uber', 'nodes');
  if (handle.grafanaVersion !== '11.2') await save('cpu-4', 'CPU', 'nodes');

  await save('home', 'Home');
  await save('passwd', '../../../passwd');
  await save('nul', 'NUL');
  await save('com1', 'com1.json');
  await save('com1-plain', 'COM1');
  await save('folderfile', '_folder');
  await save('secret', '.secret');
  await save('Emoji-Uid', '📈');
  await save('control', 'tab\there\u0007bell');
  await save('long-1', `${LONG_PREFIX} one`);
  await save('long-2', `${LONG_PREFIX} two`);
  return { dashboardUids: uids, generatedFolderUid };
}
