import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import type { DesiredContent } from '../files/types.js';
import { readCommittedVersions } from '../git/read-committed-versions.js';
import { holdsLive, parseCommitted } from '../plan/find-held-in-git.js';

/** How many commits touching a file are compared, as plan's drift check does (findHeldInGit). */
const COMMITS_COMPARED = 5;

/** The commit a file's unapplied change starts with, and how many of its later commits touched the file too. */
interface UnappliedCommit {
  commit: string;
  laterCommits: number;
}

export type UnappliedCommitFinder = (file: string, live: Pick<DesiredContent, 'schema' | 'spec' | 'metadata'> & { onApi: boolean }) => Promise<UnappliedCommit | null>;

/**
 * For a committed file whose live dashboard someone other than dashsync saved last: whether Grafana
 * holds the file as an earlier commit had it (the drift check's comparison: holdsLive). Then the
 * commits since are waiting to be applied — after a bootstrap, dashsync never saved the dashboard,
 * so Grafana's saver is whoever made it before — and pull keeps the file. Null when git holds no such
 * version (or cannot be asked). `file` is relative to the tree's root.
 */
export function createUnappliedCommitFinder(realRoot: string, settings: Pick<Settings, 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'configFile' | 'environment'>>): UnappliedCommitFinder {
  return async (file, live) => {
    const absPath = resolve(realRoot, file);
    const committed = await readCommittedVersions([absPath], { cwd: realRoot, depth: COMMITS_COMPARED, tree: realRoot });
    const versions = committed?.versions.get(absPath) ?? [];
    const held = versions.findIndex((version, index) => index > 0 && holdsLive(parseCommitted(version.text, file, settings), live));
    if (held < 1) return null;
    return { commit: versions[held - 1]!.commit, laterCommits: held - 1 };
  };
}
