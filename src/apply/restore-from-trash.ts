import { PermissionError, TrashFolderGoneError } from '../errors.js';
import type { GrafanaPort, TrashRestoreOfPush } from '../grafana/port.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { FolderRef } from './read-folder-chain.js';

/** Where `restore --folder` puts a dashboard: a folder that exists, or null for the General level. */
export type RestoreFolder = FolderRef | null;

/**
 * What asking "Recently deleted" gave: `restored` (`moved`: Grafana 11 gave it back into its old folder and a save
 * took it on to the General level, now at that version); `yes`: asked, no entry; `no`: this API cannot ask;
 * `denied`: a 403; `folder-gone`: Grafana holds it, but the folder it would go back into is gone; `taken`: this
 * restore put nothing in, yet a dashboard holds the uid now (someone else restored or created it meanwhile).
 */
export type TrashAnswer = { kind: 'restored'; moved?: number } | { kind: 'yes' | 'no' | 'denied' | 'folder-gone' } | { kind: 'taken'; holder: UidHolder };

/** The dashboard that holds the uid now, as the line that reports it names it. */
export interface UidHolder {
  version: number;
  title: string | null;
}

/**
 * What Grafana holds after a restore from "Recently deleted" that did not say `restored`: `absent` (nothing holds the
 * uid), `ours` (a send of this restore whose answer was lost took it back), or the dashboard someone else put there.
 * Only a restore sent more than once (`unconfirmed`) can have landed unseen: after one whose every send was answered
 * (`not-restored`), a dashboard under the uid is not the one this restore asked for, and is reported, never claimed.
 */
export async function readBackTrashRestore(grafana: GrafanaPort, uid: string, answer: 'not-restored' | 'unconfirmed'): Promise<'absent' | 'ours' | UidHolder> {
  const live = await grafana.getDashboard(uid);
  if (live === null) return 'absent';
  if (answer === 'unconfirmed') return 'ours';
  const title = live.model.title;
  return { version: live.version, title: typeof title === 'string' ? title : null };
}

/**
 * Takes the dashboard back from "Recently deleted" where this API can: into its old folder, or `into`
 * (undefined = its old folder). Grafana 11's `/api` restores into a folder only (an empty folderUid means
 * the old one), so General there is its old folder and then a save that moves it, at the version just read.
 * `asPushed`: its backup says it was deleted as dashsync had pushed it (GrafanaPort.restoreFromTrash). `selection`: the
 * run's, repeated in a command its error names.
 */
export async function askTrash(
  grafana: GrafanaPort,
  uid: string,
  into: RestoreFolder | undefined,
  run: { message: string; selection?: RunSelection },
  asPushed?: TrashRestoreOfPush,
): Promise<TrashAnswer> {
  const { capabilities } = await grafana.describeServer();
  if (!capabilities.trash) return { kind: 'no' };
  const viaOldFolder = into === null && capabilities.softDeleteTrash;
  try {
    const answer = await grafana.restoreFromTrash(uid, into === undefined || viaOldFolder ? undefined : { folderUid: into?.uid ?? null }, asPushed);
    if (answer !== 'restored') {
      const found = await readBackTrashRestore(grafana, uid, answer);
      if (found === 'absent') return { kind: 'yes' };
      if (found !== 'ours') return { kind: 'taken', holder: found };
    }
  } catch (error) {
    if (error instanceof PermissionError) return { kind: 'denied' };
    if (error instanceof TrashFolderGoneError) return { kind: 'folder-gone' };
    throw error;
  }
  return viaOldFolder ? { kind: 'restored', moved: await moveToGeneral(grafana, uid, run) } : { kind: 'restored' };
}

/** Saves the dashboard as it is into the General level (a new version); its version then, or undefined when it is there already. */
async function moveToGeneral(grafana: GrafanaPort, uid: string, run: { message: string; selection?: RunSelection }): Promise<number | undefined> {
  const { message } = run;
  const live = await grafana.getDashboard(uid);
  if (live === null) throw new Error(`dashboard ${uid} was deleted again right after it was restored; run restore again`);
  if (live.folderUid === null) return undefined;
  const content = { schema: live.schema, apiVersion: live.apiVersion, metadata: live.metadata };
  const target = grafana.writeTargetFor(content);
  if ('refused' in target) throw new Error(`dashboard ${uid} is back in folder ${live.folderUid}, but cannot be moved to the General level: ${target.refused}`);
  const saved = await grafana.saveDashboard({ uid, model: live.model, ...content, target, folderUid: null, message, expect: live.revision, internalId: live.internalId });
  if (saved.kind === 'saved') return saved.version;
  const why = saved.kind === 'refused' ? saved.message : 'someone saved it in between';
  throw new Error(`dashboard ${uid} is back in its old folder ${live.folderUid}, but was not moved to the General level (${why}); move it there in Grafana, or run ${renderNextCommand(run.selection, 'apply')}`);
}
