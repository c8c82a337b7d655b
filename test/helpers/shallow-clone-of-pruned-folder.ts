import { expect } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { emptyWorkspace } from '../e2e/apply/workspace.js';
import { dashsync, writeJson } from '../e2e/plan/plan-fixture.js';
import { commitAll, git } from '../pull/pull-fixture.js';

const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

/**
 * A tree of two directories (`ops`, `keep`) applied to `handle`, then `dashboards/ops` removed in a second commit, and a
 * depth-1 clone of it (`<clone>/repo`, returned), as actions/checkout makes by default: its history no longer shows that
 * the tree held `ops`, so a `--prune` plan there cannot tell that folder is this tree's.
 */
export async function shallowCloneOfPrunedFolder(handle: SandboxHandle): Promise<string> {
  const origin = await emptyWorkspace();
  await writeJson(origin, 'dashboards/ops/overview.json', board('ops-overview', 'Ops overview'));
  await writeJson(origin, 'dashboards/keep/k.json', board('kept', 'Kept'));
  await commitAll(origin, 'first');
  expect((await dashsync(handle, origin, ['apply'])).code).toBe(0);
  await git(origin, 'rm', '-q', '-r', 'dashboards/ops');
  await commitAll(origin, 'ops leaves');
  const clone = await emptyWorkspace();
  await git(clone, 'clone', '-q', '--depth', '1', `file://${origin}`, 'repo');
  return `${clone}/repo`;
}
