import { chmod } from 'node:fs/promises';
import { onTestFinished } from 'vitest';

/** The uid of `nobody` on Linux: a user no file of a test's temp tree belongs to. */
const NOBODY = 65534;

/**
 * Runs `body` where permission bits bind. Root reads any file whatever its mode (the tests run as root here, and in
 * containers generally), so as root the process takes `nobody`'s effective uid for the call and takes root's back after
 * (seteuid: glibc applies it to every thread, the thread pool's file reads included); as any other user, `body` runs as it is.
 * Called inside a test (its end restores root even when the body never settles).
 * `dir`: the test's temp directory, opened to others (mkdtemp makes it 0700) so that only what the test locks is locked.
 */
export async function withoutRoot<T>(dir: string, body: () => Promise<T>): Promise<T> {
  await chmod(dir, 0o755);
  if (process.getuid?.() !== 0 || process.seteuid === undefined) return body();
  // A body that outlives its test (vitest's timeout abandons it, and never reaches `finally`) must not leave the shared unit
  // worker (isolate: false) running every later file as nobody: the test's end takes root back as well (review-53 F6).
  onTestFinished(() => process.seteuid!(0));
  process.seteuid(NOBODY);
  try {
    return await body();
  } finally {
    process.seteuid(0);
  }
}
