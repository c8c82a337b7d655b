import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { commitAll } from '../pull/pull-fixture.js';

/**
 * A copy of test/fixtures/check/<name> in a repository of its own, every file added in one commit; removed when the test
 * ends. What check says from git (which of two files sharing a uid is the copy: `git added this file and … in one
 * commit`) then comes from that commit, not from dashsync's own history: a rewritten history, a later commit adding one
 * of the files again, or a copy of the sources without .git would change it.
 */
export async function committedFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `dashsync-check-${name}-`));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(fileURLToPath(new URL(`../fixtures/check/${name}/`, import.meta.url)), dir, { recursive: true });
  await commitAll(dir, name);
  return dir;
}
