import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { discoverTree } from './discover-tree.js';
import { readUnselectedUids } from './read-unselected-uids.js';
import type { OutsideSelection } from './types.js';

/**
 * The dashboard and library panel uids the files of the tree hold, all of them whatever the selection, or null when
 * this is no tree: no config file, or no root directory. A file that names no uid is passed over (restore only says
 * what a uid lacks; check and plan report such files).
 */
export async function readTreeUids(settings: Pick<Settings, 'cwd' | 'configFile' | 'root'>): Promise<OutsideSelection | null> {
  const configFound = await stat(resolve(settings.cwd, settings.configFile)).then((found) => found.isFile(), () => false);
  if (!configFound) return null;
  const tree = await discoverTree({ root: settings.root, include: [], exclude: [], emptySelectionIsError: false }).catch(() => null);
  if (tree === null) return null;
  const display = (absPath: string) => relative(settings.cwd, absPath);
  return readUnselectedUids({ dashboardFiles: tree.dashboardFiles, libraryFiles: tree.libraryFiles }, { display, selection: '' }).outside;
}
