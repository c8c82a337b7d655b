import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { toSlashes } from '../files/tree-paths.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { readFileHistories, type CommittedAt } from './read-file-histories.js';
import { parseCommittedJson } from './parse-committed-json.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { splitDashboardDocument } from '../files/split-dashboard-document.js';
import { readConfiguredRenameLimit, renameLimitFor } from './rename-limit.js';
import { readUncommittedRenames } from './read-uncommitted-renames.js';
import { runGit } from './run-git.js';

/** A committed text of a file, and the file's path in that commit relative to the `tree` asked about (another name when it was renamed since). */
export interface CommittedVersion {
  text: string;
  path: string;
  /** The same path relative to the repository's top, as `git show <commit>:<path>` takes it (absent where not read so). */
  repoPath?: string;
  /** The commit that holds this version (for the version just before a move into the tree, the moving commit's parent: readFileHistories). */
  commit: string;
  /** That commit's subject (absent for the version just before a move into the tree). */
  subject?: string;
  /** This commit added the file (readFileHistories): the version it began as. */
  added?: true;
  /** This commit brought the file back after a commit deleted it, and the history goes on past the deletion (the same uid before it). */
  readded?: true;
  /**
   * The text of the file `companionOf` named for this version, as the same commit holds it (null:
   * that commit has none there); absent when none was asked for.
   */
  companion?: string | null;
  /** The text of the `configFile` asked for, as this version's commit holds it (null: that commit has none); absent when none was asked for. */
  config?: string | null;
}

export interface CommittedVersions {
  /** The history here is cut short (a shallow clone, actions/checkout's default depth 1): older commits were not there to read. */
  shallow: boolean;
  /** git gave up detecting renames somewhere (a change of more files than `renameLimit`): a history may end early. */
  renamesSkipped: boolean;
  /** The `-l` git was given: the larger of RENAME_LIMIT and the repository's diff.renameLimit (0: none). */
  renameLimit: number;
  /**
   * Each file asked about (as given) → the versions git holds of it, newest first, each text once per run of commits under one name;
   * absent when git holds none. The first is HEAD's (the path it was renamed from when that rename
   * is not committed yet). Renames are followed; a path's history ends at the newest commit that deleted it, unless a later
   * commit brought the same file (the same uid) back there: `git revert` of the deletion, a restore committed (walk-68 M2).
   */
  versions: Map<string, CommittedVersion[]>;
}

/**
 * The last `depth` committed versions of each file (the commits of HEAD's history that touched
 * it, under its earlier names too: renames are followed, committed or not yet; past a deletion a later commit undid), read with five git
 * processes however many files: rev-parse beside `config diff.renameLimit` (a larger limit the user
 * set is kept: renameLimitFor), one `diff -M HEAD` for the renames not committed yet
 * (readUncommittedRenames), one `log -M` over the tree's directory (readFileHistories, which also finds the adds that
 * brought a deleted file back), one
 * `cat-file --batch`. Paths are taken relative to the repository's top after
 * resolving symlinks (a tree below the top, or reached through a link, still finds its files; a
 * file whose real path leaves the repository has no committed version). Null when there is no
 * evidence (no git, not a repository, no commit yet, git refuses); never throws.
 */
export async function readCommittedVersions(
  files: string[],
  options: {
    cwd: string;
    depth: number;
    tree: string;
    /** For a file asked about (as given) and a version's `path`: another file (relative to the tree) to read in that version's commit, in the same cat-file. */
    companionOf?: (file: string, path: string) => string | null;
    /** A file (absolute) read as each version's commit holds it, in the same cat-file: the config its commit deployed with. */
    configFile?: string;
    /** Other paths (from the repository's top) the config had (readConfigHistory): read where a commit has none at its path now. */
    configFormerPaths?: readonly string[];
  },
): Promise<CommittedVersions | null> {
  if (files.length === 0) return null;
  const [repo, configured] = await Promise.all([runGit(options.cwd, ['rev-parse', '--show-toplevel', '--is-shallow-repository'], 60_000), readConfiguredRenameLimit(options.cwd)]);
  if (!repo.ok) return null;
  const renameLimit = renameLimitFor(configured);
  const [top, shallow] = repo.stdout.split('\n');
  if (!top) return null;
  const realTop = await realpathOrNull(top);
  if (realTop === null) return null;

  const pathsOf = new Map<string, string[]>();
  for (const file of files) {
    const real = await realpathOrNull(file);
    if (real === null) continue;
    const inRepo = toSlashes(relative(realTop, real));
    // Outside the repository, or a name git's line-based stdin cannot carry.
    if (inRepo === '' || inRepo.startsWith('../') || isAbsolute(inRepo) || /[\n\r]/.test(inRepo)) continue;
    pathsOf.set(inRepo, [...(pathsOf.get(inRepo) ?? []), file]);
  }
  if (pathsOf.size === 0) return { shallow: shallow === 'true', renamesSkipped: false, renameLimit, versions: new Map() };
  const uncommitted = await readUncommittedRenames(realTop, [...pathsOf.keys()], renameLimit);
  const starts = uncommitted.starts;
  const names = new Set([...starts.values()].flatMap((start) => [start.name, start.orUntrackedFrom].filter((name): name is string => typeof name === 'string')));

  // The tree's directory from the top ('' = the whole repository, also when the tree holds the repository).
  const realTree = await realpathOrNull(options.tree);
  const treeInRepo = realTree === null ? '' : toSlashes(relative(realTop, realTree));
  const within = treeInRepo.startsWith('../') || isAbsolute(treeInRepo) ? '' : treeInRepo;
  const read = await readFileHistories(realTop, [...names], { depth: options.depth, within, renameLimit });
  if (read === null) return null;
  const historyOf = new Map([...starts].map(([path, start]) => {
    const own = start.name === null ? [] : read.histories.get(start.name)!;
    return [path, own.length === 0 && start.orUntrackedFrom !== undefined ? read.histories.get(start.orUntrackedFrom)! : own] as const;
  }));
  // An earlier name cat-file's line-based stdin cannot carry ends that history.
  const carried = (history: CommittedAt[]) => history.slice(0, (history.findIndex((version) => /[\n\r]/.test(version.path)) + 1 || history.length + 1) - 1);
  const requests = [...historyOf].flatMap(([path, history]) =>
    carried(history).map((version) => ({ path, at: version.path, commit: version.commit, subject: version.subject, added: version.added, readded: version.readded, spec: `${version.commit}:${version.path}` })),
  );
  const fromTree = (at: string) => (realTree === null ? at : toSlashes(relative(realTree, resolve(realTop, at))));
  // The companions' specs go after the versions' in the same cat-file: by request, its index in the answers.
  const companionSpecs: string[] = [];
  const companionAt = requests.map(({ path, at, commit }) => {
    const companion = realTree === null ? null : options.companionOf?.(pathsOf.get(path)![0]!, fromTree(at));
    const inRepo = companion == null ? null : toSlashes(relative(realTop, resolve(realTree!, companion)));
    if (inRepo === null || inRepo === '' || inRepo.startsWith('../') || isAbsolute(inRepo) || /[\n\r]/.test(inRepo)) return null;
    companionSpecs.push(`${commit}:${inRepo}`);
    return requests.length + companionSpecs.length - 1;
  });
  // The config's specs go last, one per commit and path it had (today's first): by commit, their indexes in the answers.
  const realConfig = options.configFile === undefined ? null : await realpathOrNull(options.configFile);
  const configInRepo = realConfig === null ? null : toSlashes(relative(realTop, realConfig));
  const configAt = new Map<string, number[]>();
  const configSpecs: string[] = [];
  if (configInRepo !== null && configInRepo !== '' && !configInRepo.startsWith('../') && !isAbsolute(configInRepo) && !/[\n\r]/.test(configInRepo)) {
    const configPaths = [configInRepo, ...(options.configFormerPaths ?? []).filter((path) => path !== configInRepo && !/[\n\r]/.test(path))];
    for (const { commit } of requests) {
      if (configAt.has(commit)) continue;
      configAt.set(commit, configPaths.map((_, index) => requests.length + companionSpecs.length + configSpecs.length + index));
      configSpecs.push(...configPaths.map((path) => `${commit}:${path}`));
    }
  }
  const blobs = await readCatFileBatch(realTop, [...requests.map((request) => request.spec), ...companionSpecs, ...configSpecs]);
  if (blobs === null) return null;

  const versions = new Map<string, CommittedVersion[]>();
  const last = new Map<string, string>();
  const cut = new Set<string>();
  // By path: the uid of the file a re-add brought back, and that version, until the version before the deletion is read.
  const readdedAs = new Map<string, { uid: string | undefined; version: CommittedVersion }>();
  requests.forEach(({ path, at, commit, subject, added, readded }, index) => {
    const blob = blobs[index];
    // A commit that deleted the path (or holds no text there) ends its history: older versions were another file's.
    if (!blob) return void cut.add(path);
    if (cut.has(path)) return;
    // Past a deletion a re-add undid: the same file only where the text before it holds the same uid; else the re-add began it.
    const before = readdedAs.get(path);
    if (before !== undefined) {
      readdedAs.delete(path);
      if (before.uid === undefined || uidOfText(blob.text) !== before.uid) {
        before.version.added = true;
        return void cut.add(path);
      }
    }
    // A text once per run of commits under one name and companion (a move keeps the text; where it was counts for a move in
    // Grafana). A text that comes back later (a revert) is a version again: the commits between are changes (walk-65 L5).
    const companionIndex = companionAt[index];
    const companion = companionIndex === null || companionIndex === undefined ? undefined : (blobs[companionIndex]?.text ?? null);
    const configIndexes = configAt.get(commit);
    const config = configIndexes === undefined ? undefined : (configIndexes.map((index) => blobs[index]?.text).find((text) => text !== undefined) ?? null);
    // Per config too: under another config's inputs a text may render as another dashboard.
    const key = `${blob.oid}\0${at}\0${companion === undefined ? '' : JSON.stringify(companion)}\0${config === undefined ? '' : JSON.stringify(config)}`;
    if (last.get(path) === key) return;
    last.set(path, key);
    const version: CommittedVersion = {
      text: blob.text, path: fromTree(at), repoPath: at, commit, ...(subject === undefined ? {} : { subject }), ...(added ? { added } : {}), ...(readded ? { readded } : {}), ...(companion === undefined ? {} : { companion }), ...(config === undefined ? {} : { config }),
    };
    for (const file of pathsOf.get(path)!) versions.set(file, [...(versions.get(file) ?? []), version]);
    if (readded) readdedAs.set(path, { uid: uidOfText(blob.text), version });
  });
  // A re-add whose older versions were not read (none, or beyond the names cat-file takes) began the history read.
  for (const { version } of readdedAs.values()) version.added = true;
  return { shallow: shallow === 'true', renamesSkipped: uncommitted.renamesSkipped || read.renamesSkipped, renameLimit, versions };
}

async function realpathOrNull(path: string): Promise<string | null> {
  try {
    return await realpath(resolve(path));
  } catch {
    return null;
  }
}

/** The uid a committed text holds: a dashboard's (either form) or a library panel's; undefined when none or no JSON. */
function uidOfText(text: string): string | undefined {
  const document = parseCommittedJson(text);
  if (!isPlainObject(document)) return undefined;
  const uid = typeof document.uid === 'string' ? document.uid : splitDashboardDocument(document).uid;
  return typeof uid === 'string' ? uid.trim() : undefined;
}
