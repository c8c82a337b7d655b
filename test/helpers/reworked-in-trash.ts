import { expect } from 'vitest';
import { newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import type { Workspace } from '../e2e/apply/workspace.js';
import { editInUi } from '../pull/pull-fixture.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest } from './sandbox.js';

/**
 * The file `path` of an applied tree (its dashboard `uid`) pruned, taken back from "Recently deleted", reworked by a person
 * in Grafana (description `rework`) and deleted again by the admin: the rework waits in "Recently deleted", newer than the
 * prune's backup, whose path (from the tree's directory) is returned.
 */
export async function reworkedInTrash(sandbox: SandboxHandle, workspace: Workspace, path: string, uid: string, rework: string): Promise<string> {
  await pruneAway(workspace, path);
  const { name } = await newestBackup(workspace, uid);
  expect((await workspace.cli(['restore', uid])).code).toBe(0);
  await editInUi(sandbox, uid, rework);
  expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
  return `.dashsync/backups/${uid}/${name}`;
}
