import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, useApi, type Workspace } from './workspace.js';

export const FILE = 'dashboards/platform/databases/mysql.json';
export const UID = 'mysql-overview';
export const TITLE = 'MySQL Overview';

/**
 * The example tree applied to Grafana 13 (or 12) through `api: auto`, then an edit made in Grafana by dave (a user of the org, not
 * these credentials), then a prune (the file taken out) that deletes it: what walk-63 M4 did before its restore.
 */
export async function prunedAfterEdit(grafanaVersion: '12' | '13' = '13', credentials: 'basic' | 'editor-token' = 'basic', prepare?: (dir: string) => Promise<void>) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const admin = await exampleWorkspace(sandbox, { resources: true });
  await prepare?.(admin.dir);
  // An Editor's service account token, as CI runs with (walk-63 M4: "sandbox-editor-2"), or the admin user.
  const token = credentials === 'editor-token' ? await sandbox.createToken('Editor') : undefined;
  const workspace = token === undefined ? admin : { ...admin, cli: (args: string[]) => admin.cli(args, { GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token }) };
  await useApi(workspace, 'auto');
  expect((await workspace.cli(['apply'])).code).toBe(0);
  const edited = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid: UID, user: 'dave', spec: { description: 'tuned by dave' }, message: 'tuned' });
  expect(edited.status).toBe(200);
  const aside = await mkdtemp(join(tmpdir(), 'dashsync-aside-'));
  onTestFinished(() => rm(aside, { recursive: true, force: true }));
  await copyFile(join(workspace.dir, FILE), join(aside, 'file.json'));
  await rm(join(workspace.dir, FILE));
  // The plan a reviewer saw warns of dave's edit; the prune deletes it (--force: no one reviewed this apply).
  const plan = await workspace.cli(['plan', '--prune']);
  expect(plan.stdout).toMatch(new RegExp(`! drift: ${UID} "${TITLE}" was last saved in Grafana by dave at `));
  expect((await workspace.cli(['apply', '--prune', '--force'])).code).toBe(0);
  const takeOut = () => rm(join(workspace.dir, FILE));
  const putBack = () => copyFile(join(aside, 'file.json'), join(workspace.dir, FILE));
  return { sandbox, workspace, putBack, takeOut };
}


/** Changes a dashboard file's model (a resource file's `spec`, else the document) and writes it back, not committed. */
export async function editModel(workspace: Workspace, file: string, change: (model: Record<string, any>) => void): Promise<void> {
  const path = join(workspace.dir, file);
  const document = JSON.parse(await readFile(path, 'utf8'));
  change(document.spec ?? document);
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
}

/** Sets a dashboard file's uid in place (a resource file's `metadata.name`, else `uid`), not committed. */
export async function setUid(workspace: Workspace, file: string, uid: string): Promise<void> {
  const path = join(workspace.dir, file);
  const document = JSON.parse(await readFile(path, 'utf8'));
  if (document.metadata !== undefined) document.metadata.name = uid;
  else document.uid = uid;
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
}
