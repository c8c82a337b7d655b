import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** File contents by path relative to the temp dir; objects are written as JSON. */
export type TreeSpec = Record<string, string | object>;

export interface TempTree {
  dir: string;
  write(spec: TreeSpec): Promise<void>;
  symlink(target: string, linkPath: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function makeTempTree(spec: TreeSpec = {}): Promise<TempTree> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'dashsync-tree-')));
  const tree: TempTree = {
    dir,
    async write(files) {
      for (const [path, content] of Object.entries(files)) {
        const absPath = join(dir, path);
        await mkdir(dirname(absPath), { recursive: true });
        await writeFile(absPath, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      }
    },
    async symlink(target, linkPath) {
      const absLink = join(dir, linkPath);
      await mkdir(dirname(absLink), { recursive: true });
      await symlink(target, absLink);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  await tree.write(spec);
  return tree;
}

export function dashboard(uid: string, title: string, extra: object = {}): object {
  return { uid, title, panels: [], ...extra };
}
