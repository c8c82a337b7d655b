import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hashText } from '../files/hash-text.js';
import { uidProblem } from '../files/uid-rules.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import type { GrafanaPort } from '../grafana/port.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { runGit, type GitFailure } from '../git/run-git.js';

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
 * `grafana` and `orgId`, which Grafana (urlSha256 of its URL as sent) and org (the one given, else the one the credentials act in;
 * null in entries written before fixk-75, for "the credentials' own", which no run counts: two org-bound tokens of one Grafana
 * wrote the same null); `version`, the panel's version then; `at`, when.
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
  /**
   * Why a note found no place to go, null while every note was recorded (or none was made): git holds the tree, or may,
   * but gave no answer (`git's own reason`), or Grafana did not say which org the credentials act in.
   */
  unrecorded(): string | null;
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
   * git gave none. Absent: the record asks git itself, at its first use.
   */
  commonDir?: string | null;
  /**
   * With `commonDir` null, why git gave none (readGitView's): only where git said the tree is in no repository, or there is
   * no git to hold one (IN_NO_REPOSITORY), is the record kept outside git; where git refused (another user's repository, a
   * timeout) nothing is written, since a file written in the tree would be left where git holds it (owned by whoever ran
   * dashsync).
   */
  gitFailure?: { failure: GitFailure; error: string };
  /**
   * The directory (absolute: `<tree root>/.dashsync/library-pulls`, libraryPullsOutsideGit) recorded to where the tree is in no
   * repository, and read beside git's record where it is: what a run saw before `git init`. Absent: nothing is recorded outside git.
   */
  outsideGit?: string;
  /** Where an earlier dashsync recorded outside git (libraryPullsOutsideGit): read beside the others, never written. */
  formerOutsideGit?: string;
  now?: () => Date;
}

/** Why git gave no repository where the tree is in none: git said so, or no git is installed (a bootstrap before git exists). */
const IN_NO_REPOSITORY: ReadonlySet<GitFailure> = new Set(['not-a-repository', 'not-installed']);

/**
 * The record of the repository holding `realRoot` (the tree's root), for this Grafana and org. Where the run's git view gave
 * no common directory, git is asked for it once, at the first use (one process): a run without library panels asks nothing.
 * Outside a repository it is kept in `outsideGit` (nothing without it), which is read beside git's once git holds the tree:
 * a file git does not hold is never replaced or pruned on such evidence, so it speaks only once the tree is committed.
 */
export function createLibraryPullRecord(realRoot: string, grafana: Pick<GrafanaPort, 'urlSha256' | 'orgId' | 'credentialsOrgId'>, options: LibraryPullRecordOptions = {}): LibraryPullRecord {
  const now = options.now ?? (() => new Date());
  let gitDir: Promise<CommonDir> | undefined = options.commonDir === undefined ? undefined : Promise.resolve(options.commonDir === null ? { dir: null, ...(options.gitFailure ?? NOT_A_REPOSITORY) } : { dir: options.commonDir });
  const gitPlace = () => (gitDir ??= readCommonDir(realRoot));
  const gitRecordDir = async () => recordDirOf(await gitPlace());
  // The org the credentials act in where none is given: the run's one GET /api/user (shared), asked at the first use only.
  let org: Promise<number | null> | undefined;
  const orgHere = () => (org ??= grafana.orgId !== undefined ? Promise.resolve(grafana.orgId) : grafana.credentialsOrgId());
  const fromHere = (orgId: number) => (entry: LibraryPullEntry) => entry.grafana === grafana.urlSha256 && entry.orgId === orgId;
  let notRecorded: string | null = null;
  // A uid names a file only where it is a Grafana uid: whatever answers at Grafana's address may send `../x`.
  const named = (uid: string) => uid !== '' && uidProblem(uid) !== 'uid-invalid';
  // Written to git's record, or outside git where git said the tree is in no repository.
  const pathOf = async (uid: string) => {
    if (!named(uid)) return null;
    const place = await gitPlace();
    if (place.dir === null && !IN_NO_REPOSITORY.has(place.failure)) {
      notRecorded ??= `git gave no answer: ${place.error}`;
      return null;
    }
    const dir = recordDirOf(place) ?? options.outsideGit ?? null;
    return dir === null ? null : { dir, path: join(dir, `${uid}.json`) };
  };
  const outside = [options.outsideGit, options.formerOutsideGit].filter((dir): dir is string => dir !== undefined);
  // Every directory the record is read from: git's where there is one, then those outside git.
  const readDirs = async () => [await gitRecordDir(), ...outside].filter((dir): dir is string => dir !== null);
  return {
    async contentsOf(uid) {
      if (!named(uid)) return new Set();
      const orgId = await orgHere();
      if (orgId === null) return new Set();
      const entries = (await Promise.all((await readDirs()).map((dir) => readEntries(join(dir, `${uid}.json`))))).flat();
      return new Set(entries.filter(fromHere(orgId)).map((entry) => entry.content));
    },
    async note(uid, text, version) {
      const content = pulledContentDigest(text);
      if (content === null || !named(uid)) return;
      try {
        const orgId = await orgHere();
        if (orgId === null) {
          notRecorded ??= 'Grafana did not say which org the credentials act in (GET /api/user)';
          return;
        }
        const at = await pathOf(uid);
        if (at === null) return;
        const entries = await readEntries(at.path);
        if (entries.some((entry) => fromHere(orgId)(entry) && entry.content === content)) return;
        const pulls = [{ grafana: grafana.urlSha256, orgId, content, version, at: now().toISOString() }, ...entries].slice(0, KEPT);
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
    unrecorded: () => notRecorded,
  };
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true;
}

/** Where git's common directory is, or why git gave none. */
type CommonDir = { dir: string } | { dir: null; failure: GitFailure; error: string };

/** The record's directory in git's common directory; null where git gave none. */
function recordDirOf(place: CommonDir): string | null {
  return place.dir === null ? null : join(place.dir, ...LIBRARY_PULLS_DIR);
}

const NOT_A_REPOSITORY = { failure: 'not-a-repository', error: 'not a git repository' } as const;

/** git's common directory of the repository holding `dir` (absolute), or why git gave none. One git process. */
async function readCommonDir(dir: string): Promise<CommonDir> {
  const answer = await runGit(dir, ['rev-parse', '--git-common-dir'], GIT_TIMEOUT_MS);
  if (!answer.ok) return { dir: null, failure: answer.failure, error: answer.error };
  const path = answer.stdout.replace(/\n$/, '');
  return path === '' ? { dir: null, failure: 'failed', error: 'git named no directory' } : { dir: resolve(dir, path) };
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

/** Pure: the note of a pull whose library panels the record could not take (`reason`: LibraryPullRecord.unrecorded). */
export function describeUnrecordedLibraryPulls(reason: string): string {
  return (
    `the library panels this pull saw in Grafana were not recorded (${reason}); until they are, a later pull cannot account ` +
    `for their _library/ files (a panel changed in Grafana is refused, a deleted one's file is kept by --prune): pull again once that is mended`
  );
}
