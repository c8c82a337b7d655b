import { resolve } from 'node:path';
import { readCommittedVersions } from '../git/read-committed-versions.js';
import type { LibraryPanelHistory } from './decide-library-panel-history.js';

/** How many commits touching a `_library/` file are compared, as plan's drift check and dashboards' pull do. */
const LIBRARY_COMMITS_COMPARED = 5;

/** A committed `_library/` file's history (relative to the tree's root); null when git could not be read. */
export type LibraryPanelHistoryReader = (file: string) => Promise<LibraryPanelHistory | null>;

/**
 * Reads the git history of every file in `files` (the pull's existing `_library/` files) at the first call only, in one
 * readCommittedVersions (five git processes), and answers each file from it: a pull whose library panels Grafana did not
 * change reads no history at all. `config.configFile`: the config each version's commit holds is read too (the inputs it deployed with).
 */
export function createLibraryPanelHistoryReader(realRoot: string, files: readonly string[], config: { configFile?: string } = {}): LibraryPanelHistoryReader {
  let read: ReturnType<typeof readCommittedVersions> | undefined;
  return async (file) => {
    read ??= readCommittedVersions([...new Set(files.map((each) => resolve(realRoot, each)))], { cwd: realRoot, depth: LIBRARY_COMMITS_COMPARED, tree: realRoot, ...config });
    const committed = await read;
    const versions = committed?.versions.get(resolve(realRoot, file));
    return committed && versions ? { versions, shallow: committed.shallow } : null;
  };
}
