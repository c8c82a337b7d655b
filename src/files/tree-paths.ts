import { sep } from 'node:path';

/** A path with forward slashes, as the tree, plans and messages show paths on every platform. */
export function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The parent of a root-relative directory ('' = the root). */
export function parentOf(dir: string): string {
  const slash = dir.lastIndexOf('/');
  return slash === -1 ? '' : dir.slice(0, slash);
}

/** `name` in a root-relative directory ('' = the root). */
export function joinTreePath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
