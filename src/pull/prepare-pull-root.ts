import { mkdir, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { describeRootNotDirectory, statTreeRoot } from '../files/discover-tree.js';
import { emptyLocalTree, readLocalTree, type LocalTree } from './read-local-tree.js';

export interface PullRoot {
  /** The configured root, absolute. */
  root: string;
  /** The root with its symlinks resolved: every write is checked to stay inside it. */
  realRoot: string;
  /** What the tree there holds (nothing, for a dry run into a root that does not exist yet). */
  local: LocalTree;
}

/**
 * The pull's root and the tree in it. A missing root is created, except by a dry run, which
 * creates nothing, not even the root.
 */
export async function preparePullRoot(
  settings: Pick<Settings, 'root' | 'cwd' | 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'configFile' | 'environment' | 'include' | 'exclude' | 'selectionFrom' | 'environmentSelections' | 'environmentsSharingOrg'>>,
  dryRun: boolean,
): Promise<PullRoot> {
  const root = resolve(settings.cwd, settings.root);
  const found = await statTreeRoot(root, settings.configFile);
  if (found !== undefined && !found.isDirectory()) throw new ConfigError([describeRootNotDirectory(root, settings.configFile)]);
  const rootExists = found !== undefined;
  const onDisk = rootExists || !dryRun;
  if (!rootExists && !dryRun) await mkdir(root, { recursive: true });
  const realRoot = onDisk ? await realpath(root) : root;
  const selection = { include: settings.include ?? [], exclude: settings.exclude ?? [], from: settings.selectionFrom };
  const local = onDisk
    ? await readLocalTree({
        root,
        cwd: settings.cwd,
        inputs: settings.inputs,
        minRefreshInterval: settings.minRefreshInterval,
        configFile: settings.configFile,
        environment: settings.environment,
        selection,
        environmentSelections: settings.environmentSelections,
        environmentsSharingOrg: settings.environmentsSharingOrg,
      })
    : emptyLocalTree(root, selection);
  return { root, realRoot, local };
}
