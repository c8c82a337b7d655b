import { posix } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { quoteText } from '../report/escape-untrusted.js';
import { adviceToRead, describeErrorCode } from './file-error-reasons.js';
import { FOLDER_FILE, LIBRARY_DIR, type NotRegularKind } from './discover-tree.js';

/** Rules of the files the tree does not read though they look like its own (discoverTree's `lookAlikes` and `skippedLinks`, and YAML resources: readYamlResources). */
export const LOOK_ALIKE_RULES = ['file-ignored', 'file-not-regular', 'folder-file-root', 'folder-file-name', 'folder-file-library', 'symlink-outside', 'symlink-loop', 'symlink-alias', 'symlink-dir', 'yaml-resource'] as const;

/** What else describeLookAlike knows of a look-alike file (discoverTree's `notRegularFiles` and `unfollowedLookAlikes`). */
interface LookAlikeFacts {
  /** What it is when it is no regular file (describeNotRegularFile). */
  notRegular?: NotRegularKind;
  /** Whether a directory, root-relative, has a `_folder.json` the tree reads. */
  folderFileIn?: (dir: string) => boolean;
  /** It is a symlink to no regular file inside the root (outside it, missing, a loop, out of reach): moving it would not make it read. */
  unfollowedLink?: boolean;
}

/**
 * Pure: one diagnostic for a file that looks like the tree's but is not read (`path` relative to the
 * root, `file` as shown): a `_folder.json` in another case is an error (the directory would silently
 * lose its folder); a `_folder.json` in the root, a `.JSON` name or a dot-file, a warning; one that is no regular file
 * (`notRegular`: what it is), describeNotRegularFile's; a `_folder.json` below a `_library/`, describeFolderFileInLibrary's.
 */
export function describeLookAlike(path: string, file: string, facts: LookAlikeFacts = {}): Diagnostic {
  const name = posix.basename(path);
  if (facts.notRegular !== undefined) return describeNotRegularFile(name, file, facts.notRegular);
  if (path === FOLDER_FILE) {
    return { file, severity: 'warning', rule: 'folder-file-root', message: `not read: a ${FOLDER_FILE} in the root names no folder (the root is the General level); remove it, or make the root the directory above` };
  }
  if (name === FOLDER_FILE) return describeFolderFileInLibrary(path, file, facts.folderFileIn ?? (() => false), facts.unfollowedLink === true);
  if (name.toLowerCase() === FOLDER_FILE) {
    return { file, severity: 'error', rule: 'folder-file-name', message: `did you mean ${FOLDER_FILE}? Only a file named exactly ${FOLDER_FILE} names its directory's folder, and this one is read as nothing; rename it` };
  }
  const why = name.startsWith('.') ? 'a file whose name starts with a dot is skipped' : 'only files ending in lower-case .json are';
  return { file, severity: 'warning', rule: 'file-ignored', message: `not read as a dashboard (${why}); rename it if it is one` };
}

/**
 * A `_folder.json` below `_library/` (`team/_library/_folder.json`) names no folder: the panels there are in the folder of the
 * directory holding `_library/`. Where that directory has no `_folder.json` of its own, its folder silently takes a uid and
 * title made from its name, which the file likely meant to set: an error, saying where the file goes (what goes there, for a
 * symlink the tree would not follow there either: `unfollowedLink`).
 */
function describeFolderFileInLibrary(path: string, file: string, folderFileIn: (dir: string) => boolean, unfollowedLink: boolean): Diagnostic {
  const parts = path.split('/');
  const dir = parts.slice(0, parts.indexOf(LIBRARY_DIR)).join('/');
  // As shown: `file` ends in the same parts below the directory.
  const shownParts = file.split('/');
  const shownDir = shownParts.slice(0, shownParts.length - (parts.length - dir.split('/').length)).join('/');
  const rule = 'folder-file-library';
  const inLibrary = `not read: a ${FOLDER_FILE} below ${LIBRARY_DIR}/ names no folder`;
  if (dir === '') return { file, severity: 'warning', rule, message: `${inLibrary} (the library panels there are in the General level, which no folder file names); remove it` };
  if (folderFileIn(dir)) return { file, severity: 'warning', rule, message: `${inLibrary} (the library panels there are in the folder of ${shownDir}, which ${shownDir}/${FOLDER_FILE} names); remove it` };
  return {
    file,
    severity: 'error',
    rule,
    message: `${inLibrary} (the library panels there are in the folder of ${shownDir}), and ${shownDir} has no ${FOLDER_FILE} of its own, so its folder takes a uid and title made from the directory's name, not this file's; ${
      unfollowedLink
        ? `write the folder's uid and title in a regular file at ${shownDir}/${FOLDER_FILE}, and remove this link (a symlink to no file inside the root, which dashsync would not follow there either)`
        : `move it to ${shownDir}/${FOLDER_FILE}`
    }`,
  };
}

/**
 * A named pipe, socket or device named `*.json` (stop-53 §11.5), or a symlink to one (`linkTarget`: the target's real path): never
 * opened, as a read of a FIFO would wait for a writer, and none holds a dashboard; a `_folder.json` one is an error, as its
 * directory would silently take a folder of its own making.
 */
export function describeNotRegularFile(name: string, file: string, kind: NotRegularKind, linkTarget?: string): Diagnostic {
  const what = linkTarget === undefined ? kind : `a symlink to ${kind} (${linkTarget})`;
  if (name === FOLDER_FILE) {
    const replace = linkTarget === undefined ? 'replace it' : 'replace the link';
    return { file, severity: 'error', rule: 'file-not-regular', message: `not read: ${what}, not a regular file, so its directory's folder would take the uid and title of a directory without a ${FOLDER_FILE}; ${replace} with a regular file holding the folder's uid and title` };
  }
  const remove = linkTarget === undefined ? 'remove it or move it out of the dashboards root' : 'remove the link, or point it at the dashboard file it stands for';
  return { file, severity: 'warning', rule: 'file-not-regular', message: `not read: ${what}, not a regular file (dashsync reads dashboards only from regular files, and never opens this one); ${remove}` };
}

/**
 * Pure: one warning for a symlinked file the tree does not read (`file` as shown): its target is a file outside the root
 * (`kept`: a prune read its uid and keeps what it names), or it is another path to a file the tree reads (`aliasOf`, as
 * shown), which is read once, there.
 */
export function describeSkippedLink(file: string, aliasOf: string | null, kept?: 'dashboard' | 'library panel'): Diagnostic {
  if (aliasOf === null && kept !== undefined) {
    return { file, severity: 'warning', rule: 'symlink-outside', message: `not read: a symlink to a file outside the root (dashsync does not follow links out of the root; prune keeps the ${kept} it names, but nothing is planned from it); copy the file in if it is one of this tree's` };
  }
  if (aliasOf === null) {
    return { file, severity: 'warning', rule: 'symlink-outside', message: 'not read: a symlink to a file outside the root (dashsync does not follow links out of the root); copy the file in if it is one of this tree\'s' };
  }
  return {
    file,
    severity: 'warning',
    rule: 'symlink-alias',
    message: `not read: a symlink to ${aliasOf}, which the tree reads: one file, counted once, in ${aliasOf}'s folder; remove the link`,
  };
}

/**
 * Pure: the warning of a symlinked file in a loop of links (ELOOP: `file` as shown, `target` its link text as written): following
 * it never reaches a file, so nothing is read, and it is no file outside the root nor a missing one.
 */
export function describeLinkLoop(file: string, target: string): Diagnostic {
  return {
    file,
    severity: 'warning',
    rule: 'symlink-loop',
    message: `not read: a symlink in a loop of links (ELOOP): it points at ${quoteText(target)}, and following the links from there comes back round without reaching a file; point ${file} at the dashboard file it stands for, or remove it`,
  };
}

/**
 * Pure: the warning of a dangling symlinked file (ENOENT, or a file on the way: `file` as shown, `target` its link text as
 * written): there is nothing to read, and nothing outside the root either.
 */
export function describeMissingLinkTarget(file: string, target: string): Diagnostic {
  return {
    file,
    severity: 'warning',
    rule: 'symlink-outside',
    message: `not read: a symlink whose target is missing: it points at ${quoteText(target)}, where there is no file; point ${file} at the dashboard file it stands for, or remove it`,
  };
}

/**
 * Why a symlink's target cannot be reached: a stat of it failed otherwise than missing or a loop (`code`); for a refusal
 * (EACCES), the directory the user running dashsync may not enter (findRefusingDirectory), when it was found.
 */
export interface UnreachedTarget {
  /** The link's text, as written. */
  points: string;
  code: string;
  refusedBy?: string;
}

function isRefusal(why: UnreachedTarget): boolean {
  return why.code === 'EACCES';
}

/** `it points at "…", and <what stops the way there>`. */
function describeUnreachedWay(why: UnreachedTarget): string {
  const points = `it points at ${quoteText(why.points)}`;
  const failed = describeErrorCode(why.code);
  if (!isRefusal(why)) return `${points}, and following it fails: ${failed}`;
  return why.refusedBy === undefined
    ? `${points}, and a directory on its way does not let the user running dashsync in: ${failed}`
    : `${points}, and the user running dashsync may not enter the directory ${quoteText(why.refusedBy)} on its way: ${failed}`;
}

/**
 * Pure: the line of a symlinked file whose target cannot be reached (tree-56: it read "outside the root or cannot be reached").
 * Without prune (`run` undefined) a warning: nothing is read through it either way. On a run that prunes, an error: the uid
 * of what it holds cannot be read, and a prune must not delete a dashboard whose file is behind a link of the tree.
 */
export function describeUnreachedLink(file: string, why: UnreachedTarget, run?: PruneRun): Diagnostic {
  const way = describeUnreachedWay(why);
  if (run === undefined) {
    return {
      file,
      severity: 'warning',
      rule: 'symlink-outside',
      message: `not read: a symlink whose target dashsync cannot reach: ${way}, so what it holds cannot be told; copy the file into the tree if it is one of its dashboards (dashsync does not follow links out of the root), or remove the link`,
    };
  }
  return {
    file,
    severity: 'error',
    rule: 'prune-needs-uid',
    message: `a symlink whose target dashsync cannot reach: ${way}; prune needs the uid of every file of the tree, and this one's cannot be read; ${describePruneWayOut(unreachedFix(why), run)}`,
  };
}

/** What to do about a link whose target is out of reach, on a run that prunes. */
function unreachedFix(why: UnreachedTarget): string {
  return isRefusal(why) ? `let the user running dashsync in (chmod +x on ${why.refusedBy === undefined ? 'that directory' : quoteText(why.refusedBy)}), or remove the link` : 'remove the link';
}

/**
 * Pure: the error of a symlink not named `*.json` whose target is out of reach (discoverTree's `unreachedLinks`), on a run
 * that prunes: it may be a directory link, and a prune must not delete a dashboard whose file is behind one.
 */
export function describeUnreachedDirLink(file: string, why: UnreachedTarget, run: PruneRun): Diagnostic {
  return {
    file,
    severity: 'error',
    rule: 'prune-behind-link',
    message: `a symlink whose target dashsync cannot reach: ${describeUnreachedWay(why)}, so prune cannot tell whether it is a directory holding dashboard files; ${describePruneWayOut(unreachedFix(why), run)}`,
  };
}

/**
 * Pure: the error of a `_folder.json` symlink the tree does not read (`target`: a file outside the root, missing, a loop of
 * links, or out of reach): its directory's folder would silently take the uid and title of a directory without one.
 */
export function describeFolderFileLinkUnread(file: string, target: 'outside' | 'missing' | 'loop' | UnreachedTarget): Diagnostic {
  const what = target === 'outside'
    ? 'a symlink to a file outside the root, which dashsync does not follow'
    : target === 'missing'
      ? 'a symlink whose target is missing'
      : target === 'loop'
        ? 'a symlink in a loop of links (ELOOP)'
        : `a symlink whose target dashsync cannot reach: ${describeUnreachedWay(target)}`;
  return {
    file,
    severity: 'error',
    rule: target === 'loop' ? 'symlink-loop' : 'symlink-outside',
    message: `not read: ${what}, so its directory's folder would take the uid and title of a directory without a ${FOLDER_FILE}; replace the link with a copy of the file holding the folder's uid and title`,
  };
}

/** What a read of a symlinked directory found (readBehindLinks). */
type LinkedDirRead =
  /** This run does not prune: nothing below the link is read. */
  | { notListed: true }
  /** Listed for prune: how many dashboard and library panel files below it named a uid; `unnamed`: how many named none (each its error). */
  | { named: number; panels: number; unnamed?: number }
  /** The link points at the root or above it: not walked. */
  | { holdsRoot: true };

/**
 * Pure: one warning for a symlinked directory (`file` as shown, `target` its real path; `below`: what its read found): never
 * followed, so its files are no part of the tree, and prune keeps the dashboards and library panels they name (audit-ux-19 F-4).
 */
export function describeLinkedDir(file: string, target: string, below: LinkedDirRead): Diagnostic {
  return {
    file,
    severity: 'warning',
    rule: 'symlink-dir',
    message: `not read: a symlink to a directory (${target}); dashsync does not follow directory links (${describeBelowLink(below)}): copy the files in, or make it a git submodule`,
  };
}

function describeBelowLink(below: LinkedDirRead): string {
  if ('holdsRoot' in below) return 'it holds the dashboards root, so nothing below it is read through it';
  if ('notListed' in below) return 'this run does not prune, so nothing below it is read; a prune reads the uid of each file below it and keeps the dashboards they name';
  // A file there that names no uid has its own error beside this line (review-53 F2): the link is not empty.
  if (below.named === 0 && below.panels === 0) return (below.unnamed ?? 0) > 0 ? 'no file below it names a dashboard uid' : 'it holds no dashboard file';
  const kept = [
    ...(below.named === 0 ? [] : [below.named === 1 ? 'the dashboard its 1 file names' : `the dashboards its ${below.named} files name`]),
    ...(below.panels === 0 ? [] : [below.panels === 1 ? 'the library panel its 1 _library/ file names' : `the library panels its ${below.panels} _library/ files name`]),
  ];
  return `prune keeps ${kept.join(' and ')}, but nothing is planned from ${below.named + below.panels === 1 ? 'it' : 'them'}`;
}

/**
 * Who reads the tree for a prune, for the end of an error that stops it: plan (and apply) runs without prune; check names them.
 * `{ environments }`: check without --env, for the config's environments that prune (the top level does not), named in its errors.
 * `apply`: apply's re-check of a saved plan's deletes (readTreeUidsOf), whose own advice follows: the fix alone.
 */
export type PruneRun = 'plan' | 'check' | 'apply' | { environments: readonly string[] };

/** The end of an error that stops a prune: what to do (`fix`), and the way out a run without prune is. */
export function describePruneWayOut(fix: string, run: PruneRun): string {
  if (run === 'plan') return `${fix}, or run without prune`;
  if (run === 'apply') return fix;
  if (run === 'check') return `${fix}: plan and apply stop on it too while they prune`;
  const [first, ...more] = run.environments;
  return more.length === 0
    ? `${fix}: plan and apply of environment ${first} stop on it too while it prunes`
    : `${fix}: plan and apply of environments ${run.environments.join(', ')} stop on it too while they prune`;
}

/**
 * Pure: the error of a directory link a prune cannot see behind (`file` as shown, `target` its real path): one that points at
 * the root or above it (a link to `..` or `/`, never walked), or one that cannot be listed (`unlisted`: the error code). A prune
 * must never delete a dashboard whose file is behind a link of the tree, so the run stops (stop-52 §12.5).
 */
export function describeUnseenBehindLink(file: string, target: string, why: { holdsRoot: true } | { unlisted: string }, run: PruneRun): Diagnostic {
  const message = 'holdsRoot' in why
    ? `a symlink to a directory (${target}) that holds the dashboards root: dashsync does not walk it (it would read the whole tree again, and every directory beside it), so prune cannot tell which dashboards have a file behind it; ${describePruneWayOut('remove the link, or point it at the directory it shares', run)}`
    : `a symlink to a directory (${target}) that dashsync could not list: ${describeErrorCode(why.unlisted)}, so prune cannot tell which dashboards have a file behind it; ${describePruneWayOut(adviceToRead(why.unlisted, 'directory'), run)}`;
  return { file, severity: 'error', rule: 'prune-behind-link', message };
}
