import { chown, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * Makes git refuse `dir` as another user's until the test ends: as root, it becomes nobody's (65534); otherwise git's own
 * switch for that check (GIT_TEST_ASSUME_DIFFERENT_OWNER). No global config of the developer's trusts it meanwhile: the
 * global config is an empty file of the test's, whose path is returned (write `safe.directory` there to trust it).
 */
export async function refuseOwnership(dir: string): Promise<string> {
  const saved = { GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL, GIT_TEST_ASSUME_DIFFERENT_OWNER: process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER };
  const empty = join(dir, '..', `${basename(dir)}-gitconfig`);
  await writeFile(empty, '');
  process.env.GIT_CONFIG_GLOBAL = empty;
  if (process.getuid?.() === 0) await chown(dir, 65534, 65534);
  else process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER = '1';
  onTestFinished(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(empty, { force: true });
  });
  return empty;
}
