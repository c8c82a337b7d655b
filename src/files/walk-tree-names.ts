import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/** An entry the walk keeps: its name, its path relative to the root (`/`-separated), and what readdir says it is. */
export interface WalkedEntry {
  name: string;
  path: string;
  dirent: Dirent;
}

/** A dot-name a reader may take for a tree file (`.x.json`, `.json`, in any case): listed only to be named. */
const DOT_JSON_NAME = /^\.(?:[\s\S]*\.)?json$/i;
/** A line break in a name: fast-glob's `**` (and so its walk) never goes below such a directory. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
/** What the discovery keeps besides links, `.json` names and YAML: names with a line break or bytes that are not UTF-8. */
const ODD_NAME = /[\n\r\u2028\u2029\ufffd]/;

/**
 * The tree's names that discovery looks at, in one synchronous walk below `root`: every symlink (listed as itself, never
 * followed), every name ending in `.json` (any case) or `.yaml`/`.yml`, and every name holding a line break or U+FFFD, each
 * as fast-glob lists it for the patterns `**\/*.json`, `**\/*.[jJ][sS][oO][nN]`, `**\/.*.[jJ][sS][oO][nN]`, `**\/.[jJ][sS][oO][nN]`,
 * `**\/*.yaml`, `**\/*.yml`, `**\/*[\n\r\u2028\u2029]*` and `**\/*` with `dot: false`, `onlyFiles: false`, `followSymbolicLinks:
 * false` and `**\/node_modules/**` ignored: a dot-name only where it reads as a `.json` file's, no dot-directory and no
 * `node_modules` entered (nor listed), a directory whose name holds a line break listed but not entered, ENOENT passed over
 * (a name whose bytes are not UTF-8 is not there by that name) and any other error thrown as readdir throws it. Only the
 * kept entries are held (review-52 F4), in no set order. fast-glob's own stream of the same walk cost ~2.5 × the CPU
 * (its callbacks and stream per entry: ~190 against ~75 ms for the bench's 5,000 files; docs/performance.md, perf-72l).
 */
export function walkTreeNames(root: string): WalkedEntry[] {
  const kept: WalkedEntry[] = [];
  const walk = (dir: string, prefix: string) => {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const dirent of dirents) {
      const name = dirent.name;
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if (name.startsWith('.')) {
        if (DOT_JSON_NAME.test(name)) kept.push({ name, path, dirent });
        continue;
      }
      if (name === 'node_modules') continue;
      if (dirent.isSymbolicLink() || /\.json$/i.test(name) || name.endsWith('.yaml') || name.endsWith('.yml') || ODD_NAME.test(name)) kept.push({ name, path, dirent });
      if (dirent.isDirectory() && !LINE_BREAK.test(name)) walk(join(dir, name), path);
    }
  };
  walk(root, '');
  return kept;
}
