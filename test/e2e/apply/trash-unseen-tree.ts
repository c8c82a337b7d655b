import { join } from 'node:path';
import { expect } from 'vitest';
import { adminHeaders, apiRequest, type startTestSandbox } from '../../helpers/sandbox.js';
import { editJson, libraryWorkspace } from '../../integration/library-panels/library-tree.js';
import { commitAll } from '../../pull/pull-fixture.js';

export type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** A folder of two dashboards: the tree the "Recently deleted" hold tests apply, then delete one of in Grafana. */
export const TREE: Record<string, unknown> = {
  'dashsync.config.json': { root: 'dashboards' },
  'dashboards/team/_folder.json': { uid: 'team', title: 'Team' },
  'dashboards/team/cpu.json': { uid: 'cpu', title: 'CPU', panels: [] },
  'dashboards/team/mem.json': { uid: 'mem', title: 'Memory', panels: [] },
};

/** The tree applied, then a commit that tags its first dashboard (cpu in TREE): HEAD~ holds every file with its uid. */
export async function appliedTree(sandbox: Sandbox, tree = TREE) {
  const ws = await libraryWorkspace(sandbox, tree);
  await commitAll(ws.dir, 'tree');
  expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
  const changed = Object.keys(tree).find((path) => path.endsWith('.json') && !path.endsWith('_folder.json') && path !== 'dashsync.config.json')!;
  await editJson(join(ws.dir, changed), (file) => {
    file.tags = ['changed'];
  });
  await commitAll(ws.dir, 'one dashboard tagged');
  return ws;
}

/** The uids Grafana 13's "Recently deleted" holds (read as the admin). */
export const trashed = async (sandbox: Sandbox) =>
  ((await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards?labelSelector=grafana.app%2Fget-trash%3Dtrue', undefined, adminHeaders())).body.items ?? []).map(
    (item: { metadata: { name: string } }) => item.metadata.name,
  );

/** A person's delete in Grafana's UI (the admin's), which "Recently deleted" keeps. */
export const deleteInUi = async (sandbox: Sandbox, uid: string) => expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`, undefined, adminHeaders())).status).toBe(200);

export const recentlyDeletedLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('recently deleted:'));

/** The apply's conflict for a create it holds where "Recently deleted" could not be listed, by file. */
export const heldAs = (file: string) => new RegExp(`conflict: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} "[^"]*" \\(uid \\w+\\) may have been deleted in Grafana, whose "Recently deleted" could not be listed`);
