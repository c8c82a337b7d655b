import type { FieldChange } from '../diff/types.js';
import { posix, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import type { DesiredContent } from '../files/types.js';
import { readCommittedVersions, type CommittedVersion } from '../git/read-committed-versions.js';
import { committedInputsReader, configFileOf, holdsLive, parseCommitted, type ConfiguredInputs } from '../plan/find-held-in-git.js';
import { sameInputs } from '../config/inputs-at-commit.js';
import { liveInstanceForAny } from '../plan/read-instance-datasources.js';
import { migratedSchemaVersionOf } from '../plan/drop-migrated-schema-version.js';
import type { EarlierPush, GrafanaPort, UnconfirmedNote } from '../grafana/port.js';
import { contentDigest } from '../normalize/content-digest.js';
import { distinctContents } from './distinct-contents.js';
import { folderAtCommit, folderFileOf } from '../plan/folder-at-commit.js';

/** How many commits touching a file are compared, as plan's drift check does (findHeldInGit). */
const COMMITS_COMPARED = 5;

/**
 * The commit a file's unapplied change starts with, and how many of its later commits touched the file too. `atHead`: the
 * file is not committed as it is, and its last commit (`commit`) is what Grafana holds: only the working tree changed.
 */
export interface UnappliedCommit {
  commit: string;
  laterCommits: number;
  /** The file's newest commit, which holds it as it is (a hand merge takes the file's change from there). */
  head: string;
  atHead?: true;
  /**
   * Grafana does not hold the file's content, but its version `pushedVersion` (dashsync's push, overwritten since) held an
   * earlier commit's: both sides changed. `inGit: false`: none of the file's last `laterCommits + 1` commits (from `commit`,
   * the newest) holds what was pushed, so which of them Grafana has cannot be told; `variant`: what was pushed is what another
   * file holding the uid (as shown: another environment's variant) holds in `commit`, so the file is a copy of it changed in git.
   */
  overPush?: { pushedVersion: number; inGit: boolean; unconfirmed?: UnconfirmedNote; base?: MergeBase; variant?: { file: string; commit: string } };
  /**
   * No push of dashsync's is known, and Grafana's version `savedVersion`, which `heldBy` holds, was saved over since: both
   * sides changed after that commit (a bootstrap pull's commit, say), the file in git by `commit` (and `laterCommits` more).
   */
  overSave?: { savedVersion: number; heldBy: string; base?: MergeBase };
  /** The held commit had the file at this path (relative to the tree's root), in a directory that stood for Grafana's folder: `commit` moved it. */
  movedFrom?: string;
  /**
   * Grafana holds the file as it is committed (`commit`, its newest commit), rendered with the inputs that commit's config gave
   * this environment: the inputs changed since, not applied yet.
   */
  inputsChanged?: true;
  /**
   * Grafana holds none of the file's versions, but what another file holding the uid (`file`, as shown: one this run's selection
   * leaves out, another environment's variant) holds in `commit`: the file was copied from it and changed in git (`commit` of
   * this answer and `laterCommits` more), not applied yet (fixl-73's plan rule: an "edit in git", no drift).
   */
  copiedFrom?: { file: string; commit: string };
}

/**
 * No push of dashsync's is known (a bootstrap), and the file's content as committed is neither Grafana's version nor any of
 * its earlier versions pull compared (`compared`, their numbers): Grafana's version replaces content Grafana may never
 * have had (a hand edit committed and never applied, a file another tool wrote), which `commit` (the commit that brought
 * that content, the file at `repoPath` there: relative to the repository's top) keeps.
 */
export interface ContentNotInGrafana {
  notInGrafana: true;
  /** The file's newest commit, which holds it as it is. */
  head: string;
  /** The commit just before `commit` that held the file with other content (absent: `commit` added it, or git's history read ends there). */
  before?: MergeBase;
  /**
   * The commit that added the file, where the history read reaches it and it is not `commit` (after a prune and a restore: the
   * one that put the file back): every commit since changed it to content Grafana never had, so a hand merge applies them all
   * from there. Absent: the history read ends before it (those commits are picked back by hand).
   */
  addedIn?: MergeBase;
  /** How many of the file's commits read changed it since `addedIn` (or since the oldest read, without one), and the oldest of them. */
  changes: { count: number; first: string };
  commit: string;
  repoPath: string;
  compared: number[];
}

/**
 * The commit just before the file's own change (`inGit`), holding what Grafana's version was saved over, and the file's
 * path there (relative to the tree's root): a hand merge applies the change from there to `head` over Grafana's version.
 */
interface MergeBase {
  commit: string;
  path: string;
}

/** A committed file (relative to the tree's root) and the live dashboard, normalized, that would replace it. */
export interface UnappliedCommitCandidate {
  file: string;
  /** The file differs from its last commit (an edit not committed): that commit holding the live dashboard counts too. */
  edited?: boolean;
  live: Pick<DesiredContent, 'schema' | 'spec' | 'metadata'> & { onApi: boolean };
  /**
   * dashsync's newest push under Grafana's version (GrafanaPort.readEarlierPush): the content its note names; when Grafana did
   * not confirm its saver, with the confirmed push below it (`confirmedBelow`).
   */
  earlierPush?: EarlierPush;
  /**
   * `earlierPush` is the push a restore's note recorded (pushOverRestore), not one Grafana's history gave: the file's history
   * read starts again at the commit that put the file back, so the one content read since is no proof that the push carried it.
   */
  pushBeforeRestore?: true;
  /**
   * Reads Grafana's versions between a push (version `after`) and the live one, normalized (absent: none read): a commit
   * holding one was pulled. Asked only when commits since that push are found.
   */
  grafanaSaves?: (after?: number) => Promise<readonly GrafanaSave[]>;
  /**
   * A move: Grafana has the dashboard in this folder (null: General), another than the file's directory stands for. A
   * committed version holds it in its folder only from a directory that stood for that folder in its commit (its
   * `_folder.json` there: folderAtCommit, as plan's drift check reads a move), so a `git mv` since is a change not applied yet.
   */
  liveFolderUid?: string | null;
  /**
   * The other files of the tree holding the uid, which this run's selection leaves out (another environment's variants): each
   * root-relative (`file`) and as shown. Where Grafana holds none of the file's versions, nor does any hold dashsync's push (or no
   * push is known), a variant's committed version holding the live one makes the file's commits a change not applied yet
   * (UnappliedCommit.copiedFrom); a variant's version holding the push makes the file's one content no sign of a push (overPush).
   */
  variants?: readonly { file: string; shown: string }[];
}

/** One of Grafana's versions before the live one, normalized as the live one is. */
export type GrafanaSave = UnappliedCommitCandidate['live'] & { version: number };

/** Each candidate's unapplied commit, or the committed content Grafana's version replaces unseen there (null: neither), in the order asked. */
export type UnappliedCommitFinder = (candidates: readonly UnappliedCommitCandidate[]) => Promise<(UnappliedCommit | ContentNotInGrafana | null)[]>;

/**
 * For committed files whose live dashboards someone other than dashsync saved last: whether Grafana
 * holds a file as an earlier commit had it (the drift check's comparison: holdsLive). Then the
 * commits since are waiting to be applied — after a bootstrap, dashsync never saved the dashboard,
 * so Grafana's saver is whoever made it before — and pull keeps the file. Null for a file git holds no such
 * version of (or when git cannot be asked). One readCommittedVersions (five git processes) answers every candidate; a second
 * where a version with placeholders was committed before the config moved (its config read at the former path).
 */
export function createUnappliedCommitFinder(
  realRoot: string,
  settings: Pick<Settings, 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'cwd' | 'configFile' | 'environment' | 'environmentInputs'>>,
  grafana: Pick<GrafanaPort, 'defaultDatasource' | 'namedDatasources' | 'describeServer' | 'writeTargetFor'>,
  /**
   * …and, as the plan tries them (findHeldInGit), those of the config's own recent commits between (readConfiguredInputs, renames
   * followed): a mapping deployed after the file's last commit and changed since. Asked only for a file with placeholders (the
   * caller asks once per run: askOnce).
   */
  configHistory: () => Promise<ConfiguredInputs>,
): UnappliedCommitFinder {
  // The inputs a version's own commit deployed it with (its first rendering), then this run's: what "as committed" means.
  const ownRenderingsOf = committedInputsReader(settings);
  const config = settings.cwd === undefined ? {} : configFileOf({ cwd: settings.cwd, ...(settings.configFile !== undefined && { configFile: settings.configFile }) });
  const readConfigured = async () => (settings.cwd === undefined ? [] : (await configHistory()).inputs);

  return async (candidates) => {
    if (candidates.length === 0) return [];
    const absPaths = candidates.map((candidate) => resolve(realRoot, candidate.file));
    // The variants' versions come in the same read: a copy changed in git began as one of them.
    const variantPaths = candidates.flatMap((candidate) => (candidate.variants ?? []).map((variant) => resolve(realRoot, variant.file)));
    // A move's versions come with the `_folder.json` their commit had beside them: which folder their directory stood for then.
    const moved = new Set(candidates.flatMap((candidate, index) => (candidate.liveFolderUid === undefined ? [] : [absPaths[index]!])));
    const companionOf = (file: string, path: string) => (moved.has(file) ? folderFileOf(posix.dirname(path)) : null);
    const readVersions = (configFormerPaths?: readonly string[]) => readCommittedVersions([...new Set([...absPaths, ...variantPaths])], { cwd: realRoot, depth: COMMITS_COMPARED, tree: realRoot, companionOf, ...config, ...(configFormerPaths !== undefined && { configFormerPaths }) });
    const first = await readVersions();
    const placeholders = [...(first?.versions.values() ?? [])].some((versions) => versions.some((version) => version.text.includes('${')));
    // A version with placeholders renders with the config its commit had; where that commit holds none at the config's path
    // now, the config may have been moved (`git mv`) since: read again where it was (three processes for the config's history,
    // asked for the placeholders anyway, then five for the versions: only where the config moved).
    const formerPaths = placeholders && settings.cwd !== undefined && hasVersionWithoutConfig(first) ? (await configHistory()).formerPaths : [];
    const committed = formerPaths.length > 0 ? await readVersions(formerPaths) : first;
    const renderingsOf = placeholders ? committedInputsReader(settings, await readConfigured()) : ownRenderingsOf;
    const pushedAs = pushedContentReader(settings, renderingsOf);
    const found: (UnappliedCommit | ContentNotInGrafana | null)[] = [];
    // One candidate at a time: a candidate may read Grafana's versions (grafanaSaves), a request each.
    for (const [index, candidate] of candidates.entries()) found.push(await findOne(index, candidate));
    return found;

    async function findOne(index: number, { file, live, edited, earlierPush, pushBeforeRestore, grafanaSaves, liveFolderUid, variants }: UnappliedCommitCandidate): Promise<UnappliedCommit | ContentNotInGrafana | null> {
      const read = committed?.versions.get(absPaths[index]!) ?? [];
      // git holds no version of the file: nothing to compare.
      if (read.length === 0) return null;
      const parsed = new Map<string, DesiredContent | null>();
      const parse = (text: string, inputs: Record<string, string>): DesiredContent | null => {
        const key = `${JSON.stringify(inputs)}\0${text}`;
        if (!parsed.has(key)) parsed.set(key, parseCommitted(text, file, { ...settings, inputs }));
        return parsed.get(key) ?? null;
      };
      /** A version as its own commit deployed it (with that commit's inputs): what Grafana got from it. */
      const asCommitted = (version: CommittedVersion) => parse(version.text, ownRenderingsOf(version)[0]!);
      // Counted by content: a commit that only respelled the file (`check --fix`) is no change (audit-ux-15 M-2).
      const versions = distinctContents(read, (_text, version) => pushedContentOf(asCommitted(version)) || null);
      // Compared as the plan compares: what V36 gave a panel naming no data source is no difference (liveInstanceFor), nor
      // the schemaVersion Grafana's migration stores where apply writes the file through /apis (dropMigratedSchemaVersion).
      const instance = await liveInstanceForAny(grafana, read.flatMap((version) => renderingsOf(version).map((inputs) => parse(version.text, inputs))));
      const noChanges = new Map<DesiredContent | null, Promise<(change: FieldChange) => boolean>>();
      const holdsAs = async (committed: DesiredContent | null, of: UnappliedCommitCandidate['live']) => {
        if (!noChanges.has(committed)) noChanges.set(committed, migratedSchemaVersionOf(grafana, committed));
        return holdsLive(committed, of, instance, await noChanges.get(committed)!);
      };
      // Under the inputs its commit deployed with, or this run's.
      const holds = async (version: CommittedVersion, of: UnappliedCommitCandidate['live']) => {
        for (const inputs of renderingsOf(version)) if (await holdsAs(parse(version.text, inputs), of)) return true;
        return false;
      };
      const head = read[0]!.commit;
      const held = await findIndexAsync(versions, async (version, at) => (at > 0 || edited === true) && (await holds(version, live)));
      if (held === 0) return { commit: head, laterCommits: 0, head, atHead: true };
      // Grafana holds the file as committed, rendered with the inputs of its commit (or of a config commit since), not this run's:
      // only the inputs changed since.
      if (edited !== true && (await someAsync(renderingsOf(read[0]!).slice(0, -1), (inputs) => holdsAs(parse(read[0]!.text, inputs), live)))) return { commit: head, laterCommits: 0, head, inputsChanged: true };
      // A move, and no push of dashsync's known (a bootstrap): the commit that moved the file is not applied yet. After a push,
      // findMoveSincePush has told a move made in git since; one the push carried, moved back in Grafana, is Grafana's to take.
      if (liveFolderUid !== undefined && earlierPush === undefined) {
        const moved = await movedSince(liveFolderUid);
        if (moved !== null) return moved;
      }
      // For a move, Grafana's (no commit had it in that folder): the content alone tells what is not applied (describeGrafanaMove).
      if (held >= 1) return { commit: versions[held - 1]!.commit, laterCommits: held - 1, head };
      if (earlierPush === undefined) {
        if (edited === true) return null;
        const over = await overSave();
        return over !== null && 'notInGrafana' in over ? ((await copiedFromVariant()) ?? over) : over;
      }
      // A note whose saver Grafana did not confirm may be a copy naming whatever content its writer liked: it can add a
      // refusal, never take away the one the confirmed push below it gives.
      const { confirmedBelow } = earlierPush;
      if (confirmedBelow !== undefined) return (await overPush(confirmedBelow)) ?? (await overPush(earlierPush));
      return overPush(earlierPush);

      /**
       * For a move: the newest commit whose version holds the live dashboard in a directory that stood for Grafana's folder then;
       * the commits after it (a `git mv`, with or without an edit) are not applied yet. Versions are told apart by content and
       * folder here, so a commit that only moved the file counts.
       */
      async function movedSince(liveFolder: string | null): Promise<UnappliedCommit | null> {
        const folderOf = (version: (typeof read)[number]) => folderAtCommit(posix.dirname(version.path), version, () => undefined);
        const placed = distinctContents(read, (_text, version) => pushedContentOf(asCommitted(version)) || null, folderOf);
        const at = await findIndexAsync(placed, async (version, index) => index > 0 && folderOf(version) === liveFolder && (await holds(version, live)));
        if (at < 1) return null;
        return { commit: placed[at - 1]!.commit, laterCommits: at - 1, head, movedFrom: placed[at]!.path };
      }

      /**
       * Content Grafana was never seen holding, and no push of dashsync's known (or none of the file's versions is the push's):
       * whether another environment's variant of the file holds Grafana's version in one of its commits. Then the file began as a
       * copy of it and every commit of the file read is its own change, not applied yet (from the oldest of them, which made the
       * copy where git's read reaches it).
       */
      async function copiedFromVariant(): Promise<UnappliedCommit | null> {
        for (const variant of variants ?? []) {
          for (const version of committed?.versions.get(resolve(realRoot, variant.file)) ?? []) {
            if (!(await holds(version, live))) continue;
            return { commit: versions[versions.length - 1]!.commit, laterCommits: versions.length - 1, head, copiedFrom: { file: variant.shown, commit: version.commit } };
          }
        }
        return null;
      }

      /** The variant version (as shown, and its commit) whose content `push` carried, where it is one of theirs (findPushedVersion's order); null: none. */
      async function pushedVariant(push: EarlierPush): Promise<{ file: string; commit: string } | null> {
        for (const variant of variants ?? []) {
          const variantVersions = committed?.versions.get(resolve(realRoot, variant.file)) ?? [];
          const at = findPushedVersion(variantVersions, (version, renderings) => pushedAs(version, variant.file, renderings).some((digest) => digest.startsWith(push.content)));
          if (at >= 0) return { file: variant.shown, commit: variantVersions[at]!.commit };
        }
        return null;
      }

      /**
       * No push of dashsync's is known (a bootstrap: Grafana's versions are other people's): whether a commit before the file's
       * newest content holds one of Grafana's earlier versions. Then the commits after it are the file's own change, and Grafana's
       * live version was saved over that version: both sides changed since. The newest commit holding one decides; where that is
       * the file's newest content (a pull), only Grafana changed since, and its version is taken. Where none holds one, the
       * file's content came from elsewhere (a hand edit, another tool): Grafana's version is taken, and the commit it replaces
       * named (ContentNotInGrafana), unless Grafana holds that content now (a move alone).
       */
      async function overSave(): Promise<UnappliedCommit | ContentNotInGrafana | null> {
        if (grafanaSaves === undefined) return null;
        const saves = await grafanaSaves();
        for (const [at, version] of versions.entries()) {
          const held = await Promise.all(saves.map(async (save) => ((await holds(version, save)) ? save.version : -1)));
          const savedVersion = Math.max(-1, ...held);
          if (savedVersion < 0) continue;
          if (at === 0) return null;
          const change = versions[at - 1]!;
          const before = read[read.indexOf(change) + 1];
          const base = before === undefined ? {} : { base: { commit: before.commit, path: before.path } };
          return { commit: change.commit, laterCommits: at - 1, head, overSave: { savedVersion, heldBy: version.commit, ...base } };
        }
        const newest = versions[0]!;
        if (await holds(newest, live)) return null;
        const before = newest.added === true ? undefined : read[read.indexOf(newest) + 1];
        // The file's newest addition: the commit that put it back where the history goes on past a deletion a later commit undid,
        // else the oldest version read where that one added it (readCommittedVersions stops at a removal no later commit undid).
        const oldest = read[read.length - 1]!;
        const addedAt = read.find((version) => version.readded === true) ?? (oldest.added === true ? oldest : undefined);
        const addedIn = addedAt !== undefined && addedAt !== newest ? addedAt : undefined;
        const since = addedIn === undefined ? read.slice(read.indexOf(newest)) : read.slice(read.indexOf(newest), read.indexOf(addedIn));
        return {
          notInGrafana: true,
          commit: newest.commit,
          head,
          repoPath: newest.repoPath ?? newest.path,
          compared: [...new Set(saves.map((save) => save.version))].sort((a, b) => a - b),
          ...(before !== undefined && { before: { commit: before.commit, path: before.path } }),
          ...(addedIn !== undefined && { addedIn: { commit: addedIn.commit, path: addedIn.path } }),
          changes: { count: since.length, first: since[since.length - 1]!.commit },
        };
      }

      /** Whether the commits since `push` are the file's own change, which Grafana's version, saved over that push, would replace. */
      async function overPush(push: EarlierPush): Promise<UnappliedCommit | null> {
        // The file as committed now is what dashsync pushed: only Grafana changed (pull takes its version).
        const pushed = findPushedVersion(versions, (version, renderings) => pushedAs(version, file, renderings).some((digest) => digest.startsWith(push.content)));
        // A file git has held one content of (in a full clone) was pushed as that content, if from here at all (under other inputs,
        // an environment's: the note's digest differs): only Grafana changed since. Not after a restore: the history read starts at
        // the put-back, which may hold a commit never applied before the prune (review-68a H1).
        const oneContentPushed = versions.length === 1 && committed?.shallow === false && pushBeforeRestore !== true;
        if (pushed === 0) return null;
        const unconfirmed = push.unconfirmed ? { unconfirmed: push.unconfirmed } : {};
        if (pushed < 0) {
          // None of the file's versions is the push's: where Grafana holds what another environment's variant holds in a commit,
          // the file is a copy of it changed in git, not applied yet, as where no push is known (and as the plan reads it).
          const copied = await copiedFromVariant();
          if (copied !== null) return copied;
          // The push carried a variant's version (one file deployed to both before the file was copied from it): the file's own
          // content never reached this Grafana, so even one content in git is no sign that it was pushed.
          const variant = await pushedVariant(push);
          if (oneContentPushed && variant === null) return null;
          // Pushed more commits ago than were read, or from another branch or clone: Grafana's version may replace any of them.
          return { commit: head, laterCommits: read.length - 1, head, overPush: { pushedVersion: push.version, inGit: false, ...unconfirmed, ...(variant !== null && { variant }) } };
        }
        // A commit since the push that holds one of Grafana's versions since took it from Grafana (a pull): only the commits after
        // the newest such one are the file's own change; none, and Grafana's version is taken.
        const saves = (await grafanaSaves?.(push.version)) ?? [];
        const pulled = await findIndexAsync(versions.slice(0, pushed), async (version) => (await Promise.all(saves.map((save) => holds(version, save)))).includes(true));
        if (pulled === 0) return null;
        const own = pulled > 0 ? pulled : pushed;
        const change = versions[own - 1]!;
        // The version just before the change's first commit (in git's order of the commits touching the file).
        const before = read[read.indexOf(change) + 1];
        const base = before === undefined ? {} : { base: { commit: before.commit, path: before.path } };
        return { commit: change.commit, laterCommits: own - 1, head, overPush: { pushedVersion: push.version, inGit: true, ...unconfirmed, ...base } };
      }
    }
  };
}

/** Whether a version with placeholders was read without its commit's config (that commit holds none at the config's path). */
function hasVersionWithoutConfig(committed: { versions: ReadonlyMap<string, readonly CommittedVersion[]> } | null): boolean {
  return [...(committed?.versions.values() ?? [])].some((versions) => versions.some((version) => version.config === null && version.text.includes('${')));
}

/** Whether `test` holds for any item, asked in order. */
async function someAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  return (await findIndexAsync(items, test)) >= 0;
}

/** The index of the first item `test` holds for, asked in order (-1: none). */
async function findIndexAsync<T>(items: readonly T[], test: (item: T, at: number) => Promise<boolean>): Promise<number> {
  for (const [at, item] of items.entries()) if (await test(item, at)) return at;
  return -1;
}

/** Which inputs a committed version is rendered under: its commit's and this run's, or every other environment's that differs. */
type Renderings = 'own' | 'others';

/**
 * The index of the version dashsync pushed (-1: none). Every version under this run's inputs first, and only when none
 * matches, under other environments' inputs: a newer commit that renders under another environment's inputs as the pushed
 * one did (a hard-coded value turned into an input) must not hide the older commit that was pushed as it stands.
 */
function findPushedVersion<T>(versions: readonly T[], pushedIs: (version: T, renderings: Renderings) => boolean): number {
  const own = versions.findIndex((version) => pushedIs(version, 'own'));
  return own >= 0 ? own : versions.findIndex((version) => pushedIs(version, 'others'));
}

/**
 * The digests a push of a committed version could have noted: apply's content note digests the file as its run's inputs
 * render it, so a push by another environment of the config (or one whose inputs differ from this run's) names the
 * rendering under that environment's inputs.
 */
function pushedContentReader(
  settings: Parameters<typeof createUnappliedCommitFinder>[1],
  renderingsOf: (version: CommittedVersion) => Record<string, string>[],
): (version: CommittedVersion, file: string, renderings: Renderings) => string[] {
  const others = Object.entries(settings.environmentInputs ?? {}).filter(([name, inputs]) => name !== settings.environment && !sameInputs(inputs, settings.inputs));
  return (version, file, renderings) => {
    const { text } = version;
    if (renderings === 'own') return renderingsOf(version).map((inputs) => pushedContentOf(parseCommitted(text, file, { ...settings, inputs })));
    // A file without placeholders renders the same under every environment's inputs: nothing more to try.
    if (!text.includes('${')) return [];
    return others.map(([environment, inputs]) => pushedContentOf(parseCommitted(text, file, { ...settings, inputs, environment })));
  };
}

/** The digest apply's content note names for a committed version (contentDigest); '' for a version that is no usable dashboard. */
function pushedContentOf(content: DesiredContent | null): string {
  return content === null ? '' : contentDigest(content);
}
