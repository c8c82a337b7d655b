import type { Stats } from 'node:fs';
import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { ConfigError } from '../errors.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { describeRefusingDirectory, findRefusingDirectory } from './find-refusing-directory.js';
import { describeReadReason } from './file-error-reasons.js';
import { describeDirectoryUnread } from './describe-directory-unread.js';
import { readWalkablePatterns } from './read-walkable-patterns.js';
import { walkTreeNames } from './walk-tree-names.js';
import { DOT_DIR_ADVICE, findRefusedGlobs, toGlob } from './selection-glob.js';
import { toSlashes } from './tree-paths.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

export interface DiscoverOptions {
  root: string;
  /** Globs relative to the root; empty = every `*.json`. */
  include: string[];
  exclude: string[];
  /** The config file in use, as shown to the user (Settings.configFile), for the root-not-found hint. */
  configFile?: string;
  /** The working directory, to name the root relative to it in messages; absolute without it. */
  cwd?: string;
  /** false: a selection that matches nothing is an empty tree, not an error (pull, whose tree may be empty before its first run). */
  emptySelectionIsError?: boolean;
  /** Where `include`/`exclude` came from, as messages name them (Settings.selectionFrom); `--include`/`--exclude` without it. */
  selectionFrom?: { include: string; exclude: string };
  /** The run's selection (its `--root`, `--config`, `--env`; how the shell ran dashsync), which the root-not-found hint's pull repeats. */
  selection?: RunSelection;
}

/** The files of a tree, absolute paths. */
export interface DiscoveredTree {
  /** The directory links (root-relative) an include names paths inside: nothing behind them is read (a selection of nothing says why). */
  selectedBehindLinks?: string[];
  /** The dot-directories (root-relative) an include names paths inside: nothing below them is the tree's, whatever names it. */
  selectedBelowDotDirs?: string[];
  /** Dashboard files. */
  dashboardFiles: string[];
  /** `_folder.json` files. */
  folderFiles: string[];
  /** Files below a `_library/` directory (library panels; see readLibraryPanels). */
  libraryFiles: string[];
  /**
   * The dashboard and library panel files include/exclude leave out (only when either is set):
   * still the tree's, so prune must know the uids they hold (readUnselectedUids).
   */
  unselected?: { dashboardFiles: string[]; libraryFiles: string[] };
  /**
   * Files that look like the tree's but are not read (findIgnoredLookAlikes): `.JSON` in another case, dot-files
   * ending in `.json`, `_folder.json` in another case, a `_folder.json` in the root. Absolute paths, sorted.
   */
  lookAlikes: string[];
  /**
   * Which of `lookAlikes` are no regular file (a named pipe, a socket, a device named `*.json`), and what each is: never opened
   * (a read of a FIFO waits for a writer), named instead (describeLookAlike).
   */
  notRegularFiles?: ReadonlyMap<string, NotRegularKind>;
  /**
   * Which of `lookAlikes` are symlinks to no regular file inside the root (outside it, missing, a loop, out of reach): named as
   * look-alikes all the same, as where a link points changes nothing of why the tree does not read it (describeLookAlike).
   */
  unfollowedLookAlikes?: ReadonlySet<string>;
  /**
   * Symlinked files the tree does not read (findable only here: they are in no other list): one whose target is outside
   * the root, missing, a loop or out of reach (`aliasOf` null), and a dashboard or library panel link whose target the tree already reads
   * (`aliasOf`: that file, absolute), read once, at the target. Sorted by path.
   */
  skippedLinks: SkippedLink[];
  /**
   * Symlinked directories (never followed; sorted by path): not the tree's to plan, but prune must not delete what the
   * files below them hold (audit-ux-19 F-4), which readTree lists (listLinkedDashboardFiles).
   */
  linkedDirs: LinkedDir[];
  /**
   * Symlinks not named `*.json` whose target the user running dashsync may not reach (EACCES, EPERM; absolute, sorted): one may
   * be a directory link, behind which a prune cannot see (readBehindLinks). A `*.json` one is a file link (`skippedLinks`, `lookAlikes`).
   */
  unreachedLinks?: string[];
  /**
   * `*.yaml` / `*.yml` files below the root (regular files, every one whatever include/exclude select): never read as dashboards,
   * but one may be another tool's dashboard resource (readYamlResources), which check names and prune must not delete.
   */
  yamlFiles: string[];
}

/** What a directory entry that is neither a file, a directory nor a symlink is. */
export type NotRegularKind = 'a named pipe (FIFO)' | 'a socket' | 'a block device' | 'a character device';

interface SkippedLink {
  absPath: string;
  aliasOf: string | null;
}

export interface LinkedDir {
  absPath: string;
  /** The directory it points to, real path. */
  target: string;
}

export const FOLDER_FILE = '_folder.json';
/** The directory that holds a folder's library panels; never a folder, never dashboards. */
export const LIBRARY_DIR = '_library';
const ALWAYS_IGNORED = ['**/node_modules/**'];

/** The line for a root that exists and is no directory (a file): check, plan and pull say the same (walk-72 L1). */
export function describeRootNotDirectory(root: string, configFile: string | undefined): string {
  return `the dashboards root ${root} is a file, not a directory: set --root or "root" in ${configFile ?? 'dashsync.config.json'} to the directory of the dashboards`;
}

/**
 * The line for a root that is there but cannot be reached (`error`: its stat's, not ENOENT): a link in a loop, a directory above
 * it the user running dashsync may not enter. check, plan and pull say the same; none takes it for a root not made yet.
 */
function describeRootUnreadable(root: string, configFile: string | undefined, error: NodeJS.ErrnoException): string {
  return `the dashboards root ${root} cannot be read ${describeDirectoryUnread(root, error, undefined)} (the root is --root or "root" in ${configFile ?? 'dashsync.config.json'}; in the GitHub Action, the "path" input)`;
}

/** The root's stat; undefined where nothing is there (ENOENT), a ConfigError where it cannot be reached (describeRootUnreadable). */
export async function statTreeRoot(root: string, configFile: string | undefined): Promise<Stats | undefined> {
  return stat(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new ConfigError([describeRootUnreadable(root, configFile, error)]);
  });
}

/** The dashboards root, resolved; a ConfigError when it is no directory (one root for every environment: a configuration problem). */
export async function requireTreeRoot(root: string, configFile: string | undefined, selection?: RunSelection): Promise<string> {
  const resolved = resolve(root);
  const rootStat = await statTreeRoot(resolved, configFile);
  if (rootStat !== undefined && !rootStat.isDirectory()) throw new ConfigError([describeRootNotDirectory(resolved, configFile)]);
  if (!rootStat?.isDirectory()) {
    // With the run's --root and --config: pasted, the pull writes the tree this run looked for.
    const pull = renderNextCommand(selection, 'pull');
    throw new ConfigError([
      `dashboards root not found: ${resolved} (set --root or "root" in ${configFile ?? 'dashsync.config.json'}; in the GitHub Action, the "path" input; to start from what your Grafana holds: ${pull})`,
    ]);
  }
  return resolved;
}

/**
 * Lists the tree's files (absolute paths, sorted). Dot-directories, dot-files and
 * `node_modules` are skipped; symlinked directories are not descended into, and a
 * symlinked file counts only when it resolves inside the root, and (a dashboard or library panel)
 * only when its target is no file the walk already lists: one file is read once (with a selection, a selected link to a file
 * the selection leaves out is read, at the link, and the target is not listed as unselected). `include`/`exclude`
 * select dashboards and library panels (to shard a big tree); `_folder.json` files are
 * always listed so a shard still sees its folders' uids and titles, and so are the files the
 * selection leaves out (`unselected`: the walk that finds every `_folder.json` reads every
 * directory anyway). Files below a `_library/` directory are library panels, not dashboards.
 */
export async function discoverTree(options: DiscoverOptions): Promise<DiscoveredTree> {
  const root = await requireTreeRoot(options.root, options.configFile, options.selection);
  refuseGlobs(options);
  const realRoot = await realpath(root);
  const common = { cwd: root, ...SELECTION_OPTIONS, objectMode: true } as const;
  const { include, ignore } = selectionGlobs(options.include, options.exclude);
  const unfiltered = options.include.length === 0 && options.exclude.length === 0;
  // Without include/exclude one walk lists both (its `**/*.json` holds every `_folder.json`): half the directory reads.
  // With them, the second walk (every directory, for the `_folder.json` files) lists every file too.
  // The config file is dashsync's own, never a tree file (with `"root": "."` it sits in the root).
  // Compared by root-relative path: no resolve() per entry (review-52 F4).
  const configEntryPath = options.configFile === undefined ? undefined : toSlashes(relative(root, resolve(options.cwd ?? process.cwd(), options.configFile)));
  const notConfig = (entries: fg.Entry[]) => (configEntryPath === undefined ? entries : entries.filter((entry) => entry.path !== configEntryPath));
  const [walked, everyEntry] = await (unfiltered
    ? walkKeeping(root).then(notConfig).then((entries): [fg.Entry[], fg.Entry[]] => [entries, entries])
    : Promise.all([readWalkablePatterns(include, { ...common, ignore }).then((walkable) => fg(walkable, { ...common, ignore })).then(notConfig), walkKeeping(root).then(notConfig)])
  ).catch((error: unknown) => refuseUnlistableDirectory(error, options.cwd));
  refuseUnwalkableDirectories(everyEntry, root, options.cwd);
  // An include that names a path inside a directory link (`team/linked/**`, `team/linked/a.json`) has fast-glob start its
  // walk there, through the link: what it lists below a link is no file of the tree (describeLinkedDir), whatever the include says.
  // So does one naming a path inside a dot-directory (`.archive/**`), which the walk otherwise never enters (dashsync's own
  // `.dashsync/` among them): what it lists there is no file of the tree either (a dot-named link is such a directory too).
  const links = new Set(everyEntry.filter((entry) => entry.dirent.isSymbolicLink()).map((entry) => entry.path));
  const walkedBelowDotDirs = unfiltered ? [] : walked.filter((entry) => dotDirAbove(entry.path) !== undefined);
  const walkedBehindLinks = links.size === 0 || unfiltered ? [] : walked.filter((entry) => dotDirAbove(entry.path) === undefined && linkAbove(entry.path, links) !== undefined);
  const dashboardEntries = walkedBehindLinks.length + walkedBelowDotDirs.length === 0 ? walked : walked.filter((entry) => dotDirAbove(entry.path) === undefined && linkAbove(entry.path, links) === undefined);
  const folderEntries = everyEntry.filter((entry) => entry.name === FOLDER_FILE && entry.path !== FOLDER_FILE);

  // Where each listed regular file really is: a link to one of them is that file again, not a second dashboard.
  // With a selection, only the selected files at first: a selected link to a file the selection leaves out stands in for it.
  // Only a symlink can read a file again, so without one the map is never asked and stays empty (a resolve() per file spared).
  const readAt = new Map<string, string>();
  const anyLink = [everyEntry, dashboardEntries].some((entries) => entries.some((entry) => entry.dirent.isSymbolicLink()));
  const seedReadAt = (entries: fg.Entry[]) => {
    if (!anyLink) return;
    for (const entry of entries) {
      if (!entry.dirent.isFile() || !isTreeFileName(entry.name) || entry.name === FOLDER_FILE) continue;
      const realPath = resolve(realRoot, entry.path);
      if (!readAt.has(realPath)) readAt.set(realPath, realRoot === root ? realPath : resolve(root, entry.path));
    }
  };
  seedReadAt(dashboardEntries);
  const skippedLinks: SkippedLink[] = [];
  const unfollowedLookAlikes = new Set<string>();
  const keep = async (entries: fg.Entry[], links: 'read-once' | 'read-each' | 'look-alike' = 'read-once'): Promise<string[]> => {
    const paths: string[] = [];
    for (const entry of [...entries].sort(compareCodeUnitsBy(({ path }) => path))) {
      const absPath = resolve(root, entry.path);
      // onlyFiles would drop every symlink (its dirent is not a file); decide here instead.
      if (entry.dirent.isSymbolicLink() && links === 'look-alike') {
        // Not read wherever it points (tree-56: one below `_library/` linked out of the root went unsaid); a directory link is findLinkedDirs'.
        if ((await targetInside(absPath, realRoot)) === undefined) {
          if (await isDirectoryLink(absPath)) continue;
          unfollowedLookAlikes.add(absPath);
        }
      } else if (entry.dirent.isSymbolicLink()) {
        const target = await targetInside(absPath, realRoot);
        const aliasOf = target === undefined || links !== 'read-once' ? undefined : readAt.get(target);
        if (target === undefined || aliasOf !== undefined) skippedLinks.push({ absPath, aliasOf: aliasOf ?? null });
        if (target === undefined || aliasOf !== undefined) continue;
        if (links === 'read-once') readAt.set(target, absPath);
      } else if (!entry.dirent.isFile()) {
        continue;
      }
      paths.push(absPath);
    }
    return paths.sort();
  };
  const jsonFiles = dashboardEntries.filter((entry) => isTreeFileName(entry.name) && entry.name !== FOLDER_FILE);
  if (!unfiltered && jsonFiles.length === 0 && options.emptySelectionIsError !== false) {
    const stop = describeEmptySelection(options, root, linksOf(walkedBehindLinks, links), dotDirsOf(walkedBelowDotDirs));
    throw new ConfigError([stop.problem], stop.next);
  }
  const inLibrary = (entry: fg.Entry) => entry.path.split('/').includes(LIBRARY_DIR);
  const notRegular = findNotRegularFiles(everyEntry, root);
  const discovered: DiscoveredTree = {
    dashboardFiles: await keep(jsonFiles.filter((entry) => !inLibrary(entry))),
    // A `_folder.json` link names its own directory's folder, so it is read where it is (a uid twice is reported).
    folderFiles: await keep(folderEntries.filter((entry) => !inLibrary(entry)), 'read-each'),
    libraryFiles: await keep(jsonFiles.filter(inLibrary)),
    lookAlikes: [...(await keep(everyEntry.filter((entry) => isLookAlike(entry)), 'look-alike')), ...notRegular.keys()].sort(),
    ...(notRegular.size > 0 ? { notRegularFiles: notRegular } : {}),
    ...(unfollowedLookAlikes.size > 0 ? { unfollowedLookAlikes } : {}),
    skippedLinks,
    ...(await findLinkedDirs(everyEntry.filter((entry) => entry.dirent.isSymbolicLink()), root)),
    yamlFiles: everyEntry.filter((entry) => entry.dirent.isFile() && isYamlName(entry.name)).map((entry) => resolve(root, entry.path)).sort(),
    ...(walkedBehindLinks.length > 0 ? { selectedBehindLinks: linksOf(walkedBehindLinks, links) } : {}),
    ...(walkedBelowDotDirs.length > 0 ? { selectedBelowDotDirs: dotDirsOf(walkedBelowDotDirs) } : {}),
  };
  if (unfiltered) return sortLinks(discovered);
  const selected = new Set(jsonFiles.map((entry) => entry.path));
  // A file a selected link already reads is this run's, through the link.
  const left = everyEntry.filter((entry) => isTreeFileName(entry.name) && entry.name !== FOLDER_FILE && !selected.has(entry.path) && !(anyLink && entry.dirent.isFile() && readAt.has(resolve(realRoot, entry.path))));
  seedReadAt(left);
  const unselected = { dashboardFiles: await keep(left.filter((entry) => !inLibrary(entry))), libraryFiles: await keep(left.filter(inLibrary)) };
  return sortLinks({ ...discovered, unselected });
}

function sortLinks(tree: DiscoveredTree): DiscoveredTree {
  tree.skippedLinks.sort(compareCodeUnitsBy(({ absPath }) => absPath));
  return tree;
}

/**
 * The walk every discovery makes (the whole tree, for `_folder.json`, look-alikes, YAML and links; without a selection, the
 * dashboards too): walkTreeNames, as fast-glob would list it for those names (include's `**\/*.json` among them). As a
 * promise, so that a failure is the rejection refuseUnlistableDirectory reads, as the stream's was.
 */
async function walkKeeping(root: string): Promise<fg.Entry[]> {
  return walkTreeNames(root);
}

/** The entries named `*.json` (any case) that are no file, directory or symlink, by absolute path, with what each is. */
function findNotRegularFiles(entries: fg.Entry[], root: string): Map<string, NotRegularKind> {
  const found = new Map<string, NotRegularKind>();
  for (const { dirent, name, path } of entries) {
    if (dirent.isFile() || dirent.isDirectory() || dirent.isSymbolicLink() || !/\.json$/i.test(name)) continue;
    const kind = notRegularKindOf(dirent);
    if (kind !== undefined) found.set(resolve(root, path), kind);
  }
  return found;
}

/** What an entry (a dirent, or a link's target's stat) is when it is a pipe, a socket or a device; undefined for anything else. */
export function notRegularKindOf(entry: Pick<Stats, 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'>): NotRegularKind | undefined {
  return entry.isFIFO() ? 'a named pipe (FIFO)' : entry.isSocket() ? 'a socket' : entry.isBlockDevice() ? 'a block device' : entry.isCharacterDevice() ? 'a character device' : undefined;
}

/** A name the tree reads: ends in lower-case `.json`, not a dot-file, not `_folder.json` in another case. */
function isTreeFileName(name: string): boolean {
  return name.endsWith('.json') && !name.startsWith('.') && (name === FOLDER_FILE || name.toLowerCase() !== FOLDER_FILE);
}

function isYamlName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

/** A file that looks like one of the tree's but is not read as one (a `.json` name in another case, a dot-file: walkTreeNames lists them), or a `_folder.json` in the root or below a `_library/`. */
function isLookAlike(entry: fg.Entry): boolean {
  if (entry.path === FOLDER_FILE) return true;
  if (entry.name === FOLDER_FILE) return entry.path.split('/').includes(LIBRARY_DIR);
  return /\.json$/i.test(entry.name) && !entry.dirent.isDirectory() && !isTreeFileName(entry.name);
}

/**
 * The glob walk cannot descend into a directory whose name holds a line break, so its files would
 * silently be no part of the tree: check would count none, plan would not see them, and a prune
 * would take their live dashboards for ones without a file. Refused, naming each such directory.
 */
function refuseUnwalkableDirectories(entries: fg.Entry[], root: string, cwd: string | undefined): void {
  const unwalkable = entries.filter((entry) => entry.dirent.isDirectory() && (/[\n\r\u2028\u2029]/.test(entry.name) || isNotUtf8Name(entry, root)));
  if (unwalkable.length === 0) return;
  throw new ConfigError(
    unwalkable.map((entry) => {
      const shown = cwd === undefined ? resolve(root, entry.path) : toSlashes(relative(cwd, resolve(root, entry.path)));
      const why = isNotUtf8Name(entry, root) ? `a name that is not valid UTF-8 (${NOT_UTF8_MARK} stands for the bytes that are not)` : 'a line break in its name';
      return `directory ${shown} has ${why}, so dashsync cannot read the files below it (they would be left out of the tree unnoticed): rename it`;
    }),
  );
}

/** What a name read from the disk shows where its bytes are not UTF-8. */
const NOT_UTF8_MARK = '\ufffd';

/**
 * Whether an entry's name is not valid UTF-8 (Linux allows any bytes): it is read with U+FFFD in their place, and by that name
 * it is not there (tree-56: such a directory was passed over by the walk, which skips what vanished, so its files were left out).
 */
function isNotUtf8Name(entry: fg.Entry, root: string): boolean {
  return entry.name.includes(NOT_UTF8_MARK) && !existsSync(resolve(root, entry.path));
}

/**
 * A directory of the tree the walk cannot list (EACCES, …; fast-glob passes over only ENOENT): its files would be no part of
 * the tree, and a prune would delete their dashboards. Refused, naming the directory; any other failure is thrown as it is.
 */
function refuseUnlistableDirectory(error: unknown, cwd: string | undefined): never {
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined || path === undefined) throw error;
  const shown = cwd === undefined ? path : toSlashes(relative(cwd, path)) || '.';
  // EPERM is not a directory that may not be entered (an attribute, macOS folder access): the table's words say so.
  const denied = code === 'EACCES';
  if (syscall === 'scandir') {
    // A directory above it that may not be entered (r without x) refuses the listing as well: that one is to be opened.
    const refusedBy = denied ? findRefusingDirectory(path) : undefined;
    const advice = refusedBy !== undefined
      ? describeRefusingDirectory(toSlashes(relative(cwd ?? process.cwd(), refusedBy)) || '.')
      : describeReadReason(code, 'directory') ?? 'make it listable';
    throw new ConfigError([`directory ${shown} cannot be listed (${code}): ${advice}, as its files would be left out of the tree unnoticed (and a prune would delete their dashboards)`]);
  }
  // A glob naming a path (`team-a/auth.json`) has fast-glob lstat it, which only a directory on its path can refuse: one the user cannot enter.
  const advice = denied ? 'permission denied: the user running dashsync cannot enter a directory on its path; let it in (chmod +x on that directory)' : describeReadReason(code) ?? 'make it readable';
  throw new ConfigError([`${shown} cannot be read (${code}): ${advice}, as the file would be left out of the tree unnoticed (and a prune would delete its dashboard)`]);
}

/** Globs refused before any walk (findRefusedGlobs): one that matches nothing, or one that reads files outside the root. */
function refuseGlobs(options: DiscoverOptions): void {
  const found = describeRefusedGlobs(options);
  if (found.length > 0) throw new ConfigError(found);
}

/** Pure: the refusal of each glob findRefusedGlobs refuses (`root`: absolute, or relative to `cwd`), in its order. */
export function describeRefusedGlobs(options: Pick<DiscoverOptions, 'include' | 'exclude' | 'selectionFrom' | 'root' | 'cwd'>): string[] {
  const from = options.selectionFrom ?? { include: '--include', exclude: '--exclude' };
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root);
  const shownRoot = toSlashes(relative(cwd, root)) || '.';
  const outside = `dashsync reads no file outside the root: set the root to a directory that holds both, or move the files below ${shownRoot}`;
  return findRefusedGlobs(options.include, options.exclude).map(({ list, glob, refusal }) => {
    if (refusal === 'backslash') return `glob "${glob}" (${from[list]}) holds a "\\", which in a glob escapes the next character and never separates directories, also on Windows: write "${glob.replaceAll('\\', '/')}"`;
    // One that comes back into the root (`../dashboards/team/**`, `/abs/dashboards/team/**`) has its relative form.
    // A glob with braces is refused for what one of its alternatives walks (`{/abs/x/*.json,none}`): no one relative form.
    const braced = glob.includes('{');
    const inRoot = relative(root, resolve(root, glob));
    const backInside = !braced && inRoot !== '' && !inRoot.startsWith('..') && !isAbsolute(inRoot);
    const what = refusal === 'absolute' ? 'is an absolute path' : 'climbs out of the root';
    if (backInside) return `glob "${glob}" (${from[list]}) ${what}; globs are relative to the root ${shownRoot}: write "${toSlashes(inRoot)}"`;
    const leaves = refusal === 'absolute' ? `${braced ? 'expands to' : 'is'} an absolute path outside the root ${shownRoot}` : `${braced ? 'expands to a path that climbs' : 'climbs'} out of the root ${shownRoot}`;
    return `glob "${glob}" (${from[list]}) ${leaves} (globs are relative to the root), and ${outside}`;
  });
}

/** Why a run of a selection that picks nothing stops: what is wrong and, where said apart, what to do (ConfigError.next). */
export interface SelectionStop {
  problem: string;
  next?: string;
}

/**
 * A shard whose globs select nothing is a typo far more often than an intent; an empty plan that
 * exits 0 would leave that shard unapplied without anyone noticing.
 */
export function describeEmptySelection(options: Pick<DiscoverOptions, 'include' | 'exclude' | 'cwd' | 'selectionFrom'>, root: string, linksNamed: readonly string[] = [], dotDirsNamed: readonly string[] = []): Required<SelectionStop> {
  const unread = [
    ...(linksNamed.length === 0 ? [] : [`behind the directory link${linksNamed.length === 1 ? '' : 's'} ${linksNamed.join(', ')}, which dashsync does not follow: copy the files in, or make it a git submodule`]),
    ...(dotDirsNamed.length === 0 ? [] : [`below the dot-director${dotDirsNamed.length === 1 ? 'y' : 'ies'} ${dotDirsNamed.join(', ')}, which dashsync never reads: ${DOT_DIR_ADVICE}`]),
  ];
  const behind = unread.length === 0 ? '' : ` (only files ${unread.join('; and files ')})`;
  return { problem: `${describeSelectedNothing(options, root)}${behind} ${GLOB_PATHS_HINT}`, next: 'Check the globs' };
}


/** The directory links (sorted, once each) the `entries` are below. */
function linksOf(entries: readonly fg.Entry[], links: ReadonlySet<string>): string[] {
  return [...new Set(entries.map((entry) => linkAbove(entry.path, links)!))].sort();
}

/** The dot-directories (sorted, once each) the `entries` are below. */
function dotDirsOf(entries: readonly fg.Entry[]): string[] {
  return [...new Set(entries.map((entry) => dotDirAbove(entry.path)!))].sort();
}

/** The first dot-directory (root-relative) on `path` (root-relative, `/`-separated) above its last part, if any. */
export function dotDirAbove(path: string): string | undefined {
  for (let start = 0, end = path.indexOf('/'); end !== -1; start = end + 1, end = path.indexOf('/', start)) {
    if (path[start] === '.') return path.slice(0, end);
  }
  return undefined;
}

/** The directory link (a root-relative path in `links`) that `path` (root-relative, `/`-separated) is below, if any. */
function linkAbove(path: string, links: ReadonlySet<string>): string | undefined {
  for (let end = path.indexOf('/'); end !== -1; end = path.indexOf('/', end + 1)) {
    if (links.has(path.slice(0, end))) return path.slice(0, end);
  }
  return undefined;
}

/** How globs are read, for a message about globs that select nothing. */
export const GLOB_PATHS_HINT = '(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files)';

/** `<where the globs came from> selects no dashboard or library panel file below <root, as shown>` (root: absolute). */
export function describeSelectedNothing(options: Pick<DiscoverOptions, 'include' | 'exclude' | 'cwd' | 'selectionFrom'>, root: string): string {
  const shownRoot = options.cwd === undefined ? root : toSlashes(relative(options.cwd, root)) || '.';
  const from = options.selectionFrom ?? { include: '--include', exclude: '--exclude' };
  const selection = options.include.length > 0
    ? `${namedList(from.include, options.include)}${options.exclude.length > 0 ? ` with ${namedList(from.exclude, options.exclude)}` : ''} selects`
    : `${namedList(from.exclude, options.exclude)} leaves`;
  return `${selection} no dashboard or library panel file below ${shownRoot}`;
}

/** `--include a b` as typed; `environment "prod"'s include in dashsync.config.json (a b)` where the config gave it. */
function namedList(source: string, globs: readonly string[]): string {
  return source.startsWith('--') ? `${source} ${globs.join(' ')}` : `${source} (${globs.join(' ')})`;
}

/**
 * Whether discoverTree reads a file at this path (relative to the root, `/`-separated) as part of
 * the tree: a `.json` file not below a dot-directory or `node_modules`, and not a dot-file.
 */
export function isTreeFilePath(relativePath: string): boolean {
  const parts = relativePath.split('/');
  return relativePath.endsWith('.json') && parts.every((part) => part !== '' && part !== '..' && !part.startsWith('.') && part !== 'node_modules');
}

/** How discoverTree walks (fast-glob options): the selection's matching depends on them. */
export const SELECTION_OPTIONS = { dot: false, onlyFiles: false, followSymbolicLinks: false } as const;

/** The fast-glob patterns of a selection: what `include` picks (every `*.json` without it), and what is ignored. */
export function selectionGlobs(include: string[], exclude: string[]): { include: string[]; ignore: string[] } {
  return { include: include.length > 0 ? include.map(toGlob) : ['**/*.json'], ignore: [...ALWAYS_IGNORED, ...exclude.map(toGlob)] };
}

/** The real path of a symlinked file whose target is a file inside the root; undefined for one outside it, missing or not a file. */
async function targetInside(path: string, realRoot: string): Promise<string | undefined> {
  const target = await realpath(path).catch(() => undefined);
  if (!target || !(await stat(target)).isFile()) return undefined;
  const rel = relative(realRoot, target);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) ? target : undefined;
}

/** Whether a symlink's target is a directory (every link on the way followed); false for one that cannot be reached. */
async function isDirectoryLink(absPath: string): Promise<boolean> {
  return (await stat(absPath).catch(() => undefined))?.isDirectory() === true;
}

/**
 * The symlinked directories among the walk's symlinks (DiscoveredTree.linkedDirs): nothing below them is listed here; and the
 * links not named `*.json` whose target is out of reach (DiscoveredTree.unreachedLinks).
 */
async function findLinkedDirs(links: fg.Entry[], root: string): Promise<Pick<DiscoveredTree, 'linkedDirs' | 'unreachedLinks'>> {
  const found: LinkedDir[] = [];
  const unreached: string[] = [];
  for (const entry of links) {
    const absPath = resolve(root, entry.path);
    const target = await realpath(absPath).catch((error: NodeJS.ErrnoException) => {
      if ((error.code === 'EACCES' || error.code === 'EPERM') && !/\.json$/i.test(entry.name)) unreached.push(absPath);
      return undefined;
    });
    if (target === undefined || !(await stat(target).catch(() => undefined))?.isDirectory()) continue;
    found.push({ absPath, target });
  }
  return {
    linkedDirs: found.sort(compareCodeUnitsBy(({ absPath }) => absPath)),
    ...(unreached.length > 0 ? { unreachedLinks: unreached.sort() } : {}),
  };
}

/**
 * The dashboard files, library panel files (below a `_library/`) and `_folder.json` files below a symlinked directory, reached
 * through the link (absolute paths, sorted), for prune's guard; `holdsRoot` when the target is the root or above it (a link to `..` or `/`:
 * not walked, the tree is read already); `unlisted` when the walk below failed (EACCES…): said, not thrown (review-52 F3).
 */
export async function listLinkedDashboardFiles(link: LinkedDir, realRoot: string): Promise<{ files: string[]; libraryFiles: string[]; folderFiles: string[] } | { holdsRoot: true } | { unlisted: string }> {
  if (holdsRoot(link, realRoot)) return { holdsRoot: true };
  try {
    const below = await fg('**/*.json', { cwd: link.absPath, ...SELECTION_OPTIONS, onlyFiles: true, ignore: ALWAYS_IGNORED, suppressErrors: false });
    const treeFiles = below.filter((path) => isTreeFilePath(path) && !path.endsWith(`/${FOLDER_FILE}`) && path !== FOLDER_FILE);
    const inLibrary = (path: string) => path.split('/').includes(LIBRARY_DIR);
    const absolute = (paths: string[]) => paths.map((path) => resolve(link.absPath, path)).sort();
    const folderFiles = below.filter((path) => isTreeFilePath(path) && (path === FOLDER_FILE || path.endsWith(`/${FOLDER_FILE}`)) && !inLibrary(path));
    return { files: absolute(treeFiles.filter((path) => !inLibrary(path))), libraryFiles: absolute(treeFiles.filter(inLibrary)), folderFiles: absolute(folderFiles) };
  } catch (error) {
    return { unlisted: (error as NodeJS.ErrnoException).code ?? 'an error' };
  }
}

/** Whether a directory link points at the root or a directory above it (`..`, `/`): walking it would read the tree again, and more. */
export function holdsRoot(link: LinkedDir, realRoot: string): boolean {
  const rel = relative(link.target, realRoot);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
