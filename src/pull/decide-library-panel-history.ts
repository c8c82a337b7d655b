import type { PullFileDecision } from './decide-pull-file.js';

/** A committed `_library/` file's last versions as git holds them (readCommittedVersions), newest first. */
export interface LibraryPanelHistory {
  versions: readonly { text: string; commit: string }[];
  /** The clone's history is cut short: an older version may be missing. */
  shallow: boolean;
}

/**
 * Pure: what git says about a committed library panel file that Grafana's version would replace, where Grafana keeps no
 * history to say what dashsync pushed (library elements have a version, no versions list: grafana-api.md §13).
 * - Grafana holds what an earlier commit held: the commits since are not applied yet (kept, as a dashboard's).
 * - The file has had one content in git (and the clone is not shallow): whatever was applied from it was that content, so
 *   Grafana's is a change made over it (null: take Grafana's version, as decided).
 * - Grafana shows no save of the panel by dashsync (`pushedByDashsync` false: neither its creator nor its last saver is
 *   dashsync's credentials): the team changes the panel in Grafana and pulls, so Grafana's version is the newer one
 *   (adopted, naming the commits it replaces).
 * - Otherwise the file changed in git, and nothing tells whether that change reached Grafana before someone changed the
 *   panel there: refused, unless `--force` (which never comes here).
 * `holdsLive`: whether a committed text is the live panel.
 */
export function decideLibraryPanelHistory(history: LibraryPanelHistory | null, holdsLive: (text: string) => boolean, pushedByDashsync: boolean | null): PullFileDecision | null {
  const versions = history?.versions ?? [];
  // git gave nothing to compare (the file's history could not be read): pull decides as before, git holds the file.
  if (versions.length === 0) return null;
  const held = versions.findIndex((version, at) => at > 0 && holdsLive(version.text));
  if (held >= 1) return { action: 'keep', reason: 'committed-not-applied', commit: versions[held - 1]!.commit, laterCommits: held - 1 };
  if (versions.length === 1 && !history!.shallow) return null;
  if (pushedByDashsync === false) return { action: 'adopt', reason: 'library-never-pushed', commit: versions[0]!.commit };
  return { action: 'refuse', reason: 'library-change-unknown', commit: versions[0]!.commit };
}
