import { lstatSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, parse, sep } from 'node:path';

/** Links followed before giving up, as the kernel does (Linux's MAXSYMLINKS). */
const MAX_HOPS = 40;

/**
 * The directory the process may not enter on the way to `path` (absolute), every link on the way followed as the kernel
 * follows it: the real path of the last directory reached before a step that fails for permission (EACCES; EPERM is an
 * attribute or macOS folder access, not a directory that may not be entered). Undefined
 * when every step passes, or one fails for another reason. A stat of the path says only that some directory refused; this
 * names it, so a message can say which one to open.
 */
export function findRefusingDirectory(path: string): string | undefined {
  let at = parse(path).root;
  let pending = path.slice(at.length).split(sep);
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      at = dirname(at);
      continue;
    }
    const next = join(at, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EACCES' ? at : undefined;
    }
    if (!isLink) {
      at = next;
      continue;
    }
    hops += 1;
    if (hops > MAX_HOPS) return undefined;
    const text = readlinkSync(next);
    if (isAbsolute(text)) at = parse(text).root;
    pending = [...text.slice(isAbsolute(text) ? parse(text).root.length : 0).split(sep), ...pending];
  }
  return undefined;
}

/** The words of a read refused by a directory above the file (`shown`: that directory as the message names paths). */
export function describeRefusingDirectory(shown: string): string {
  return `permission denied: the user running dashsync may not enter ${shown} above it; let it in (chmod +x on that directory)`;
}
