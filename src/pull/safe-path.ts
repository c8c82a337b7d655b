import { lstat, mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A write pull refuses because it would land outside the root. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

/**
 * The absolute path of a root-relative path (forward slashes), refusing anything that does
 * not stay strictly inside the root once resolved: `..`, absolute paths, empty segments.
 * `realRoot` must already be the root's realpath.
 */
export function resolveInsideRoot(realRoot: string, rel: string): string {
  const segments = rel.split('/');
  if (rel === '' || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) {
    throw new UnsafePathError(`refused path ${JSON.stringify(rel)}: not a plain path inside the root`);
  }
  const absPath = resolve(realRoot, ...segments);
  if (!isInside(realRoot, absPath)) throw new UnsafePathError(`refused path ${JSON.stringify(rel)}: it leaves the root`);
  return absPath;
}

function isInside(realRoot: string, absPath: string): boolean {
  const rel = relative(realRoot, absPath);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Creates a root-relative directory one level at a time, never through a symlink (a
 * symlinked directory inside the root could point anywhere). '' is the root itself.
 */
export async function ensureDirectoryInside(realRoot: string, relDir: string): Promise<string> {
  if (relDir === '') return realRoot;
  const segments = relDir.split('/');
  let current = realRoot;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    current = resolveInsideRoot(realRoot, segments.slice(0, i + 1).join('/'));
    const info = await lstat(current).catch(() => undefined);
    if (info === undefined) {
      await mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      const created = await lstat(current);
      if (!created.isDirectory()) throw new UnsafePathError(`refused ${relDir}: ${segment} is not a directory`);
    } else if (info.isSymbolicLink()) {
      throw new UnsafePathError(`refused ${relDir}: ${segment} is a symlink; pull does not write through symlinks`);
    } else if (!info.isDirectory()) {
      throw new UnsafePathError(`refused ${relDir}: ${segment} exists and is not a directory`);
    }
  }
  return current;
}

/**
 * Where writing `absPath` really lands: the path itself, or for a symlinked file (the tree
 * may hold links between its own files) the link's target, which must be inside the root.
 */
export async function resolveWriteTarget(realRoot: string, absPath: string): Promise<string> {
  const info = await lstat(absPath).catch(() => undefined);
  if (info === undefined || !info.isSymbolicLink()) {
    if (info && !info.isFile()) throw new UnsafePathError(`refused ${absPath}: exists and is not a regular file`);
    return absPath;
  }
  const target = await realpath(absPath).catch(() => undefined);
  if (target === undefined || !isInside(realRoot, target)) {
    throw new UnsafePathError(`refused ${absPath}: a symlink that points outside the root`);
  }
  return target;
}
