import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hashText } from '../files/hash-text.js';
import { uidProblem } from '../files/uid-rules.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import type { GrafanaPort } from '../grafana/port.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { runGit } from '../git/run-git.js';

const GIT_TIMEOUT_MS = 30_000;

/**
 * Where pull and apply record the `_library/` file contents they know a Grafana held: `<git's common directory>/dashsync/library-pulls/<uid>.json`
 * of the tree's repository (`.git/dashsync/…` in a plain clone, shared by its worktrees). Inside git's own directory no commit
 * and no `git status` ever sees it; it speaks for the commits of this clone, which its pulls wrote and its applies pushed.
 */
const LIBRARY_PULLS_DIR = ['dashsync', 'library-pulls'];

/**
 * Where a run whose tree is in no repository yet records instead: `.dashsync/library-pulls/` in the tree's root (dot-named, so
 * the tree's reading passes over it; `.dashsync/` in `.gitignore` keeps it out of git at any depth). Found from the tree, as git's
 * record is, whatever directory a run starts in or whichever config file names the tree: a bootstrap pull made before `git
 * init` is recorded there, and once git holds the tree that record is read beside git's, so `pull --prune` can tell a panel
 * that pull wrote from one new in git.
 */
const LIBRARY_PULLS_OUTSIDE_GIT = '.dashsync/library-pulls';

/**
 * The record's directories outside git for a run on the tree at `root` started in `cwd` (both absolute, or relative to the
 * same directory): `outsideGit` in the tree's root; `formerOutsideGit`, where an earlier dashsync kept it (the working
 * directory's `.dashsync/library-pulls/`, fixl-74), still read where that is another directory, and never written.
 */
export function libraryPullsOutsideGit(root: string, cwd: string): Pick<LibraryPullRecordOptions, 'outsideGit' | 'formerOutsideGit'> {
  const outsideGit = resolve(root, LIBRARY_PULLS_OUTSIDE_GIT);
  const former = resolve(cwd, LIBRARY_PULLS_OUTSIDE_GIT);
  return { outsideGit, ...(former !== outsideGit && { formerOutsideGit: former }) };
}

/** How many contents one panel's record keeps (newest first): enough for the 5 commits pull reads of its file. */
const KEPT = 20;

/**
 * One content a Grafana held: `content`, the file's text as pull wrote it or found it equal to Grafana's, or as apply pushed it
 * or found Grafana holding it (pulledContentDigest);
 * `grafana` and `orgId`, which Grafana (urlSha256 of its URL as sent, the org given, null for the credentials' own); `version`,
 * the panel's version then; `at`, when.
 */
interface LibraryPullEntry {
  grafana: string;
  orgId: number | null;
  content: string;
  version: number;
  at: string;
}

/**
 * Grafana keeps no history of a library panel, so a committed `_library/` file whose panel someone changed there can be
 * accounted for only by what dashsync saw: this record says which file contents a pull in this clone wrote from this Grafana
 * or found it holding (walk-71 M3), and which an apply from this clone pushed to it or found it holding (fixl-73). A file
 * whose newest content is one of them holds nothing Grafana did not have.
 */
export interface LibraryPullRecord {
  /** The contents recorded for `uid` from this Grafana and org (empty when none, or the record cannot be read). */
  contentsOf(uid: string): Promise<ReadonlySet<string>>;
  /**
   * Records that this Grafana holds what `text` (a `_library/` file's text) says, at `version`. Never throws: a record that
   * could not be written only makes a later pull refuse the file (with the way to take Grafana's version anyway).
   */
  note(uid: string, text: string, version: number): Promise<void>;
  /**
   * The directories contentsOf reads (absolute), for a line that names the record: git's (where the tree is in a repository),
   * then the one outside git and the former one outside git, each where it exists.
   */
  places(): Promise<string[]>;
}

/** Pure: what the record keeps of a `_library/` file's text: the digest of its canonical form (a respelling is the same content); null for no JSON. */
export function pulledContentDigest(text: string): string | null {
  try {
    return hashText(canonicalJson(JSON.parse(text)));
  } catch {
    return null;
  }
}

/** Where the record's repository is, where a git process the run made anyway told it (createLibraryPullRecord). */
export interface LibraryPullRecordOptions {
  /**
   * git's common directory of the tree's repository (absolute), as a git process of the run gave it (readGitView's); null:
   * the tree is in no repository git can read. Absent: the record asks git itself, at its first use.
   */
  commonDir?: string | null;
  /**
   * The directory (absolute: `<tree root>/.dashsync/library-pulls`, libraryPullsOutsideGit) recorded to where the tree is in no
   * repository, and read beside git's record where it is: what a run saw before `git init`. Absent: nothing is recorded outside git.
   */
  outsideGit?: string;
  /** Where an earlier dashsync recorded outside git (libraryPullsOutsideGit): read beside the others, never written. */
  formerOutsideGit?: string;
  now?: () => Date;
}

/**
 * The record of the repository holding `realRoot` (the tree's root), for this Grafana and org. Where the run's git view gave
 * no common directory, git is asked for it once, at the first use (one process): a run without library panels asks nothing.
 * Outside a repository it is kept in `outsideGit` (nothing without it), which is read beside git's once git holds the tree:
 * a file git does not hold is never replaced or pruned on such evidence, so it speaks only once the tree is committed.
 */
export function createLibraryPullRecord(realRoot: string, grafana: Pick<GrafanaPort, 'urlSha256' | 'orgId'>, options: LibraryPullRecordOptions = {}): LibraryPullRecord {
  const now = options.now ?? (() => new Date());
  let gitDir: Promise<string | null> | undefined = options.commonDir === undefined ? undefined : Promise.resolve(options.commonDir);
  const gitRecordDir = async () => {
    gitDir ??= readCommonDir(realRoot);
    const dir = await gitDir;
    return dir === null ? null : join(dir, ...LIBRARY_PULLS_DIR);
  };
  const source = { grafana: grafana.urlSha256, orgId: grafana.orgId ?? null };
  const fromHere = (entry: LibraryPullEntry) => entry.grafana === source.grafana && entry.orgId === source.orgId;
  // A uid names a file only where it is a Grafana uid: whatever answers at Grafana's address may send `../x`.
  const named = (uid: string) => uid !== '' && uidProblem(uid) !== 'uid-invalid';
  // Written to git's record, or outside git where the tree is in no repository.
  const pathOf = async (uid: string) => {
    const dir = named(uid) ? ((await gitRecordDir()) ?? options.outsideGit ?? null) : null;
    return dir === null ? null : { dir, path: join(dir, `${uid}.json`) };
  };
  const outside = [options.outsideGit, options.formerOutsideGit].filter((dir): dir is string => dir !== undefined);
  // Every directory the record is read from: git's where there is one, then those outside git.
  const readDirs = async () => [await gitRecordDir(), ...outside].filter((dir): dir is string => dir !== null);
  return {
    async contentsOf(uid) {
      if (!named(uid)) return new Set();
      const entries = (await Promise.all((await readDirs()).map((dir) => readEntries(join(dir, `${uid}.json`))))).flat();
      return new Set(entries.filter(fromHere).map((entry) => entry.content));
    },
    async note(uid, text, version) {
      const content = pulledContentDigest(text);
      const at = content === null ? null : await pathOf(uid);
      if (at === null) return;
      try {
        const entries = await readEntries(at.path);
        if (entries.some((entry) => fromHere(entry) && entry.content === content)) return;
        const pulls = [{ ...source, content, version, at: now().toISOString() }, ...entries].slice(0, KEPT);
        await mkdir(at.dir, { recursive: true });
        await writeFileAtomic(at.path, canonicalJson({ pulls }));
      } catch {
        // Nothing is lost without it: the next pull of a changed panel refuses where it would have taken Grafana's version.
      }
    },
    async places() {
      const gitRecord = await gitRecordDir();
      const existing = await Promise.all(outside.map(async (dir) => ((await isDirectory(dir)) ? [dir] : [])));
      return [...(gitRecord === null ? [] : [gitRecord]), ...existing.flat()];
    },
  };
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true;
}

/** git's common directory of the repository holding `dir` (absolute); null outside one, or where git cannot be asked. One git process. */
async function readCommonDir(dir: string): Promise<string | null> {
  const answer = await runGit(dir, ['rev-parse', '--git-common-dir'], GIT_TIMEOUT_MS);
  const path = answer.ok ? answer.stdout.replace(/\n$/, '') : '';
  return path === '' ? null : resolve(dir, path);
}

/** The record's entries, newest first; none where it is missing or not a record (a hand edit, a crash before the rename). */
async function readEntries(path: string): Promise<LibraryPullEntry[]> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    const pulls = typeof parsed === 'object' && parsed !== null ? (parsed as { pulls?: unknown }).pulls : undefined;
    return Array.isArray(pulls) ? pulls.filter(isEntry) : [];
  } catch {
    return [];
  }
}

function isEntry(value: unknown): value is LibraryPullEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.grafana === 'string' && (entry.orgId === null || typeof entry.orgId === 'number') && typeof entry.content === 'string' && typeof entry.version === 'number' && typeof entry.at === 'string';
}
