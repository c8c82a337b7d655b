import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { copyFixture, saveLive, seedLive, writeJson } from './plan-fixture.js';

/** The basic tree applied, and "Gone" (gone) in its folder infra, which dashsync pushed before a commit removed its file: a prune candidate dashsync saved last. */
export async function basicWithGone(handle: SandboxHandle): Promise<string> {
  const dir = await copyFixture('basic');
  await seedLive(handle, dir);
  await writeJson(dir, 'dashboards/infra/gone.json', { uid: 'gone', title: 'Gone', panels: [] });
  await commitAll(dir, 'with gone');
  await saveLive(handle, { uid: 'gone', title: 'Gone', panels: [] }, 'infra', 'dashsync: abc123 gone');
  await git(dir, 'rm', '-q', 'dashboards/infra/gone.json');
  await commitAll(dir, 'gone leaves');
  return dir;
}
