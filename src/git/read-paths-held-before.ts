import { readCatFileBatch } from './read-cat-file-batch.js';

/**
 * Which of these files (relative to `cwd`) the commit before HEAD already held: one `git cat-file` for all of them; none without
 * git, without a parent commit (or one a shallow clone cut off). Never throws.
 */
export async function readPathsHeldBefore(cwd: string, files: readonly string[]): Promise<Set<string>> {
  if (files.length === 0) return new Set();
  const blobs = (await readCatFileBatch(cwd, files.map((file) => `HEAD~:./${file}`))) ?? [];
  return new Set(files.filter((_, index) => blobs[index] !== null && blobs[index] !== undefined));
}
