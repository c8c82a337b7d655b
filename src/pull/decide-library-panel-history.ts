import type { PullFileDecision } from './decide-pull-file.js';
import { distinctContents } from './distinct-contents.js';

/** A committed `_library/` file's last versions as git holds them (readCommittedVersions), newest first. */
export interface LibraryPanelHistory {
  versions: readonly CommittedPanelVersion[];
  /** The clone's history is cut short: an older version may be missing. */
  shallow: boolean;
}

/** A committed text of the file, and the config its commit holds (readCommittedVersions' `config`: the inputs it deployed with). */
export interface CommittedPanelVersion {
  text: string;
  commit: string;
  /** The file's path in that commit (relative to the tree): a hand merge applies a commit's change where the path is the same. */
  path?: string;
  config?: string | null;
}

/**
 * How a committed version is judged: whether it is the live panel (under its commit's inputs or this run's), whether it is only
 * under its commit's inputs (which this run's differ from), and what it holds as apply would push it (a key; null: no usable panel).
 */
export interface CommittedPanelJudge {
  holdsLive: (version: CommittedPanelVersion) => boolean;
  holdsLiveWithOlderInputs: (version: CommittedPanelVersion) => boolean;
  contentOf: (version: CommittedPanelVersion) => string | null;
  /** Whether a pull in this clone wrote that text from this Grafana, an apply from it pushed it there, or either found Grafana holding it (LibraryPullRecord): Grafana had it. */
  pulled?: (version: CommittedPanelVersion) => boolean;
}

/**
 * Pure: what git says about a committed library panel file that Grafana's version would replace, where Grafana keeps no
 * history to say what dashsync pushed (library elements have a version, no versions list: grafana-api.md §13). Commits are
 * counted by what they hold (`contentOf`): a commit that only respelled the file (`check --fix`'s canonical rewrite) is no
 * change, and the change is named by the commit that brought its content (audit-ux-15 M-2).
 * - Grafana holds what the file's newest commit holds with the inputs that commit's config gave the environment, which
 *   differ from this run's: the inputs change is not applied yet (kept).
 * - Grafana holds what an earlier content held: the changes since are not applied yet (kept, as a dashboard's).
 * - Grafana holds what another environment's variant of the file (`variants`: a file this run leaves out holding the uid) holds
 *   in a commit, and no content of the file is one Grafana had (`pulled`): the file is a copy of it changed in git, and all its
 *   commits are not applied yet (kept; fixl-73's plan rule).
 * - The file has had one content in git (and the clone is not shallow): whatever was applied from it was that content, so
 *   Grafana's is a change made over it (null: take Grafana's version, as decided).
 * - The file's newest content is one a pull in this clone wrote from this Grafana, an apply from it pushed there, or either found
 *   it holding (`pulled`): the file holds nothing Grafana did not have, and Grafana's is a change made over it (null: take
 *   Grafana's version, as decided).
 * - Grafana shows no save of the panel by dashsync (`pushedByDashsync` false: neither its creator nor its last saver is
 *   dashsync's credentials): the team changes the panel in Grafana and pulls, so Grafana's version may be the newer one
 *   (adopted, naming the commits it replaces, where a push of dashsync's is known to have carried the file's content:
 *   pullLibraryPanelTarget asks that, and refuses otherwise).
 * - Otherwise the file changed in git, and nothing tells whether that change reached Grafana before someone changed the
 *   panel there: refused, unless `--force` (which never comes here).
 * A refused change's hand merge starts from the newest earlier commit whose content Grafana is known to have had (`pulled`),
 * else from the commit before the change (changeBase).
 */
export function decideLibraryPanelHistory(
  history: LibraryPanelHistory | null,
  judge: CommittedPanelJudge,
  pushedByDashsync: boolean | null,
  /** Another environment's variants of the file (as shown) with their committed versions (a run of one environment). */
  variants: readonly { file: string; versions: readonly CommittedPanelVersion[] }[] = [],
): PullFileDecision | null {
  const contents = distinctContents(history?.versions ?? [], (_text, version) => judge.contentOf(version));
  // git gave nothing to compare (the file's history could not be read): pull decides as before, git holds the file.
  if (contents.length === 0) return null;
  // Grafana holds the file as committed, with the inputs its commit deployed with: only the environment's inputs changed since.
  if (judge.holdsLiveWithOlderInputs(history!.versions[0]!)) return { action: 'keep', reason: 'inputs-not-applied', commit: history!.versions[0]!.commit };
  const held = contents.findIndex((content, at) => at > 0 && judge.holdsLive(content));
  if (held >= 1) return { action: 'keep', reason: 'committed-not-applied', commit: contents[held - 1]!.commit, laterCommits: held - 1 };
  const versions = history!.versions;
  const newestRun = versions.slice(0, versions.indexOf(contents[0]!) + 1);
  const newestPulled = judge.pulled !== undefined && newestRun.some(judge.pulled);
  // A copy of another environment's variant changed in git, whose content Grafana holds: every content of the file is its own, not applied yet.
  const copied = newestPulled || judge.holdsLive(contents[0]!) ? undefined : copiedFromVariant(variants, judge);
  if (copied !== undefined) return { action: 'keep', reason: 'committed-not-applied', commit: contents[contents.length - 1]!.commit, laterCommits: contents.length - 1, copiedFrom: copied };
  if (contents.length === 1 && !history!.shallow) return null;
  if (newestPulled) return null;
  const head = versions[0]!.commit;
  const base = pulledBase(history!, newestRun.length, judge) ?? changeBase(history!, contents[0]!);
  if (pushedByDashsync === false) return { action: 'adopt', reason: 'library-never-pushed', commit: contents[0]!.commit, head, ...base };
  return { action: 'refuse', reason: 'library-change-unknown', commit: contents[0]!.commit, merge: { head, ...base } };
}

/** The first variant version (newest first, variant by variant) holding the live panel: the file was copied from it and changed. */
function copiedFromVariant(variants: readonly { file: string; versions: readonly CommittedPanelVersion[] }[], judge: CommittedPanelJudge): { file: string; commit: string } | undefined {
  for (const variant of variants) {
    const version = variant.versions.find((each) => judge.holdsLive(each));
    if (version !== undefined) return { file: variant.file, commit: version.commit };
  }
  return undefined;
}

/**
 * The newest commit before the file's newest content (`from`: where the versions before it start) holding a content Grafana is
 * known to have had (`pulled`), where the file had the path it has now: the hand merge applies every change since over
 * Grafana's version. None: no such commit among those read.
 */
function pulledBase(history: LibraryPanelHistory, from: number, judge: CommittedPanelJudge): { base: string } | undefined {
  const pulled = judge.pulled;
  if (pulled === undefined) return undefined;
  const held = history.versions.slice(from).find((version) => pulled(version));
  return held === undefined || held.path !== history.versions[0]!.path ? undefined : { base: held.commit };
}

/**
 * The commit just before the one that brought the file's newest content, where the file had the path it has now: the hand merge
 * applies that change alone over Grafana's version (`git diff <base> <head> | git apply --3way`, walk-70 M4). `git checkout -p
 * <head>` offered every difference from the file as committed, Grafana's own edit among them as "your line". None: the history
 * read ends there, or git moved the file since.
 */
function changeBase(history: LibraryPanelHistory, brought: CommittedPanelVersion): { base?: string } {
  const before = history.versions[history.versions.indexOf(brought) + 1];
  return before === undefined || before.path !== history.versions[0]!.path ? {} : { base: before.commit };
}

