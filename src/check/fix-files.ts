import { writeFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { Settings } from '../config/types.js';
import { discoverTree } from '../files/discover-tree.js';
import { readTree } from '../files/read-tree.js';
import { readUtf8File } from '../files/read-utf8-file.js';
import { deriveDashboardUid } from './derive-dashboard-uid.js';
import { fixDashboardDocument } from './fix-dashboard-document.js';
import { parseDashboardDocument } from './inspect-dashboard-document.js';
import { displayPath, selectCheckTargets } from './select-check-targets.js';

export interface FixFilesOptions {
  settings: Settings;
  /** Only fix these (relative to the working directory); undefined = every dashboard file of the tree. */
  files?: string[];
}

export interface FileFix {
  /** Path as shown to the user. */
  file: string;
  changes: string[];
}

/** Files read (and written) at once. */
const CHUNK = 32;

/**
 * `dashsync check --fix`: rewrites dashboard files that fixDashboardDocument can repair
 * and returns the ones it changed. Files that are not UTF-8, do not parse (a key twice in
 * one object included), or are not JSON objects, are left untouched (the check that follows reports them). New uids are unique
 * against every dashboard and folder uid of the whole tree.
 */
export async function fixFiles(options: FixFilesOptions): Promise<{ changed: FileFix[] }> {
  const { settings } = options;
  const discovered = await discoverTree({ root: settings.root, include: settings.include, exclude: settings.exclude });
  const targets = selectCheckTargets(discovered, settings.cwd, options.files).dashboardFiles;
  const { tree } = await readTree(settings);
  const taken = new Set([...tree.dashboards.map((d) => d.uid), ...tree.folders.map((f) => f.uid)]);

  const changed: FileFix[] = [];
  // Chunk by chunk (bounded memory), each in tree order, so that uid clashes (if any)
  // resolve the same way on every run.
  for (let start = 0; start < targets.length; start += CHUNK) {
    const chunk = targets.slice(start, start + CHUNK);
    // A file that is not UTF-8 (or unreadable) is never rewritten: check reports it.
    const texts = await Promise.all(chunk.map(async (absPath) => (await readUtf8File(absPath, absPath)).text));
    const writes: Promise<void>[] = [];
    chunk.forEach((absPath, index) => {
      const text = texts[index];
      const file = displayPath(settings.cwd, absPath);
      const document = text === undefined ? undefined : parseDashboardDocument(text, file);
      if (!document) return;
      const fixed = fixDashboardDocument(document, () => {
        const uid = deriveDashboardUid(relative(tree.root, absPath).split(sep).join('/'), taken);
        taken.add(uid);
        return uid;
      });
      if (!fixed) return;
      writes.push(writeFile(absPath, fixed.text, 'utf8'));
      changed.push({ file, changes: fixed.changes });
    });
    await Promise.all(writes);
  }
  return { changed };
}
