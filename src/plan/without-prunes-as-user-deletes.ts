import type { Settings } from '../config/types.js';
import { readDeletedWhileFileless } from '../git/read-deleted-while-fileless.js';
import type { HistoryDeletionsReader } from '../git/read-history-deletions.js';
import type { AccessNotesInput, TrashedCreate } from './add-access-notes.js';
import type { Plan } from './types.js';

/**
 * The access notes' "Recently deleted" entries with `byUser` taken off those deleted while no file of the tree held them
 * (readDeletedWhileFileless: dashsync's own prune with a user's credentials, whose file git brought back): no edit made in
 * Grafana, so an unreviewed apply makes them anew, as after a service account's delete (rev-65c). `historyDeletions`: the plan's one walk.
 */
export async function withoutPrunesAsUserDeletes(input: AccessNotesInput, plan: Pick<Plan, 'actions'>, settings: Pick<Settings, 'root' | 'cwd'>, historyDeletions: HistoryDeletionsReader): Promise<AccessNotesInput> {
  const byUser = [...(input.inTrash ?? [])].filter(([, entry]) => entry.byUser === true && entry.deletedAt !== null);
  if (byUser.length === 0) return input;
  const files = new Map(plan.actions.flatMap((action) => (action.kind === 'dashboard' && action.action === 'create' && action.file !== null ? [[action.uid, action.file] as const] : [])));
  const creates = byUser.flatMap(([uid, entry]) => (files.has(uid) ? [{ uid, file: files.get(uid)!, deletedAt: entry.deletedAt! }] : []));
  const fileless = await readDeletedWhileFileless(settings.root, settings.cwd, creates, historyDeletions);
  if (fileless.size === 0) return input;
  return { ...input, inTrash: new Map([...input.inTrash!].map(([uid, entry]) => [uid, fileless.has(uid) ? withoutByUser(entry) : entry])) };
}

function withoutByUser(entry: TrashedCreate): TrashedCreate {
  const { byUser: _taken, ...rest } = entry;
  return rest;
}

