import { isAbsolute, relative } from 'node:path';

/** `path` relative to `cwd` when it lies below it (`/` separators), else as given. */
export function shorten(path: string, cwd: string | undefined): string {
  if (!cwd) return path;
  const shown = relative(cwd, path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown.split('\\').join('/');
}
