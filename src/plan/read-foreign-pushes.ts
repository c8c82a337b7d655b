import pLimit from 'p-limit';
import { DASHSYNC_MARKER } from '../config/render-commit-message.js';
import { AuthError, PermissionError } from '../errors.js';
import { findCommits } from '../git/find-commits.js';
import { isRepository } from '../git/is-repository.js';
import type { GrafanaPort, LastSave, ListedSave, LiveDashboard } from '../grafana/port.js';

/** What the reads need of a port. */
export type ForeignPushesPort = Pick<GrafanaPort, 'getDashboard' | 'readLastSave' | 'readSaveMessage'>;

/** Dashboards of one group (a folder) that dashsync last pushed from commits this repository does not have. */
export interface ForeignPushes {
  /** The commits named (12 hex digits, sorted). */
  commits: string[];
  /** How many of the group's dashboards such a push saved last. */
  dashboards: number;
}

/** `{sha}` as the message template writes it (renderCommitMessage: 12 hex digits). */
const PUSHED_SHA = /\b[0-9a-f]{12}\b/g;

/** Pure: the commits a dashsync save's version message names (`{sha}`); none for another save, or a template without `{sha}`. */
function pushedCommitsOf(message: string | null): string[] {
  if (message === null || !message.includes(DASHSYNC_MARKER)) return [];
  return [...new Set(message.match(PUSHED_SHA) ?? [])];
}

/**
 * For each group of dashboard uids (key → uids), those whose newest save is dashsync's and names only
 * commits this repository (at `cwd`) does not have: another repository's dashsync pushed them. Two
 * requests per dashboard (the dashboard, its newest version; a third on `/api` for one never saved again), one `git rev-parse` per distinct commit;
 * a dashboard whose save `known` holds is not read (a pull's reads: DashboardListing.savedHeads, each new file's), nor the
 * history of one still as dashsync's push recorded it (readNewestSaveMessage), nor anything of one whose commits it holds
 * (readPushedCommitsAhead). A save naming no commit (another template, Grafana's "Initial save"), history these credentials may
 * not read, or a dashboard gone: no evidence. Groups without any are left out; null when there is no git to ask (nothing is read then).
 */
export async function readForeignPushes(
  grafana: ForeignPushesPort,
  cwd: string,
  groups: ReadonlyMap<string, readonly string[]>,
  concurrency: number,
  known: KnownSaves = {},
): Promise<Map<string, ForeignPushes> | null> {
  // Git is asked first: where it cannot answer, every read would be thrown away.
  if (!(await isRepository(cwd))) return null;
  const limit = pLimit(concurrency);
  const commitsOf = (uid: string) => known.commits?.get(uid) ?? limit(() => readPushedCommits(grafana, uid, known.saves?.get(uid)));
  const read = await Promise.all([...groups].map(async ([key, uids]) => ({ key, commits: await Promise.all(uids.map(commitsOf)) })));
  const have = await findCommits(cwd, read.flatMap(({ commits }) => commits.flat()));
  if (have === null) return null;
  const foreign = new Map<string, ForeignPushes>();
  for (const { key, commits } of read) {
    const others = commits.filter((shas) => shas.length > 0 && !shas.some((sha) => have.has(sha)));
    if (others.length > 0) foreign.set(key, { commits: [...new Set(others.flat())].sort(), dashboards: others.length });
  }
  return foreign;
}

/** What a caller of readForeignPushes read already: dashboards' newest saves (`saves`), and the commits those name (`commits`). */
export interface KnownSaves {
  saves?: ReadonlyMap<string, ListedSave>;
  commits?: ReadonlyMap<string, readonly string[]>;
}

/**
 * uid → the commits its newest save names, as readForeignPushes reads them, read ahead of the question (a first pull's, while
 * it writes its files: KnownSaves' `commits`); null when there is no git to ask (nothing is read then).
 */
export async function readPushedCommitsAhead(grafana: ForeignPushesPort, cwd: string, uids: readonly string[], concurrency: number, saves?: ReadonlyMap<string, ListedSave>): Promise<Map<string, readonly string[]> | null> {
  if (!(await isRepository(cwd))) return null;
  const limit = pLimit(concurrency);
  return new Map(await Promise.all(uids.map(async (uid) => [uid, await limit(() => readPushedCommits(grafana, uid, saves?.get(uid)))] as const)));
}

/** The commits the newest save of a dashboard names (none when gone, unreadable, or not dashsync's); `listed`: its save as listed, else it is read. */
async function readPushedCommits(grafana: ForeignPushesPort, uid: string, listed: ListedSave | undefined): Promise<string[]> {
  const dashboard = listed ?? (await grafana.getDashboard(uid));
  return dashboard ? pushedCommitsOf(await readNewestSaveMessage(grafana, dashboard)) : [];
}

/**
 * The message the newest save of a dashboard was given: the one dashsync's push record carries while nobody saved
 * since (`/apis`: bound at this generation, its metadata as pushed), else read from its history (records of earlier
 * releases carry none; `/api` keeps no record); null when these credentials may not read it. Grafana's "Initial save"
 * of a first version is read as saved. `listed`: that history entry, read already with its message (the drift
 * check's): not asked for again.
 */
export async function readNewestSaveMessage(
  grafana: Pick<GrafanaPort, 'readLastSave' | 'readSaveMessage'>,
  dashboard: Pick<LiveDashboard, 'uid' | 'version' | 'lastSave'> & Partial<Pick<LiveDashboard, 'pushed'>>,
  listed?: LastSave & { message: string },
): Promise<string | null> {
  const recorded = dashboard.lastSave.byDashsync === true ? (dashboard.pushed?.message ?? null) : null;
  if (recorded !== null) return recorded;
  try {
    // byDashsync null: the port reads the history entry itself, whose message names the commit (the record above named none).
    const save = listed ?? (await grafana.readLastSave({ ...dashboard, lastSave: { ...dashboard.lastSave, byDashsync: null } }));
    // A dashboard created and never saved again: `/api`'s history list shows Grafana's "Initial save" instead of dashsync's message (one more read).
    const rewritten = save.message?.startsWith('Initial save') === true && grafana.readSaveMessage !== undefined;
    return rewritten ? await grafana.readSaveMessage!(dashboard.uid, save.version) : save.message;
  } catch (error) {
    if (error instanceof PermissionError || error instanceof AuthError) return null;
    throw error;
  }
}

/** The commits of a ForeignPushes, for a line: `commit abc…` or `commits abc…, def…`. */
export const describeCommits = (commits: readonly string[]): string => (commits.length === 1 ? `commit ${commits[0]}` : `commits ${commits.join(', ')}`);
