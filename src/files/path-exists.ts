import { access } from 'node:fs/promises';

/** Whether something is at `path` (a file, a directory, a link that leads somewhere) that this process may see. */
export async function pathExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
