import pLimit from 'p-limit';
import { HistoryUnreadableError } from '../errors.js';
import type { GrafanaPort, LastSave, LiveDashboard } from '../grafana/port.js';
import { pushedCommitOf } from '../grafana/pushed-commit.js';
import { readNewestSaveMessage } from './read-foreign-pushes.js';

/** The live head of a dashboard the plan overwrites or deletes, as far as its newest save goes (`pushed`: dashsync's record on `/apis`). */
export type SavedHead = Pick<LiveDashboard, 'uid' | 'version' | 'lastSave' | 'pushed'>;

/** A dashboard whose newest save the plan overwrites or deletes: its live head, and the last save the plan read already (if any). */
export interface SavedSubject {
  dashboard: SavedHead;
  read?: LastSave | 'unreadable' | 'unconvertible';
}

/** The commit a dashsync save names (`{sha}` as the message template writes it) and that commit's subject. */
export interface SavedCommit {
  commit: string;
  subject: string;
}

/**
 * uid → the commit dashsync saved each subject's newest version from, where the message names one. A message the plan
 * read already is taken as it is, and so is the one a push record through `/apis` carries while the dashboard is still
 * as that push left it; the others are read from the history (records of earlier releases carry none; `/api` rewrites a
 * first version's message): one request each, `concurrency` in flight. A save someone
 * else made (drift), history these credentials or Grafana cannot read, or a template without `{sha}`: none.
 */
export async function readSavedCommits(grafana: Pick<GrafanaPort, 'readLastSave' | 'readSaveMessage'>, subjects: readonly SavedSubject[], concurrency: number): Promise<Map<string, SavedCommit>> {
  const limit = pLimit(concurrency);
  const read = await Promise.all(subjects.map((subject) => limit(async () => [subject.dashboard.uid, await readSavedCommit(grafana, subject)] as const)));
  return new Map(read.filter((entry): entry is readonly [string, SavedCommit] => entry[1] !== null));
}

async function readSavedCommit(grafana: Pick<GrafanaPort, 'readLastSave' | 'readSaveMessage'>, { dashboard, read }: SavedSubject): Promise<SavedCommit | null> {
  if (typeof read === 'string' || read?.byDashsync === false) return null;
  // A message the plan read already is not listed again; Grafana's "Initial save" in it is still read as saved.
  const listed = read?.message != null ? { ...read, message: read.message } : undefined;
  let message: string | null;
  try {
    // The push record's where nobody saved since dashsync's push, else the one the plan read, else the history's.
    message = await readNewestSaveMessage(grafana, dashboard, listed);
  } catch (error) {
    if (error instanceof HistoryUnreadableError) return null;
    throw error;
  }
  const pushed = pushedCommitOf(message);
  return pushed?.commit ? { commit: pushed.commit, subject: pushed.subject } : null;
}
