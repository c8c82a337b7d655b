import type { FolderRef } from './read-folder-chain.js';
import { AnswerCutOffError, GrafanaHttpError, SaveUnconfirmedError } from '../errors.js';
import type { GrafanaPort, LibraryPanelSaveOutcome, LiveLibraryPanel } from '../grafana/port.js';
import type { FoundBackup, OtherEnvironmentBackups } from './find-other-environment-backups.js';
import { placeFromBackup } from './place-from-backup.js';
import { isAnsweredRefusal, noteReadBackUnreachable } from './read-back.js';
import { libraryPanelHolds } from './save-library-panel-action.js';
import { readHandoverBackupName, type HandoverBackupName } from './name-before-handover.js';
import type { BackupFromElsewhere } from './read-newest-backup-file.js';
import type { FolderRecreation } from './recreate-folder.js';
import { removeRecreatedFolders, type FolderCleanup } from './remove-recreated-folders.js';
import { sameNameIn } from './same-name-panel.js';
import type { RestoreFolder } from './restore-from-trash.js';
import type { LibraryPanelBackup } from './write-library-panel-backup.js';

export type LibraryPanelRestoreOutcome =
  | {
      uid: string;
      kind: 'restored';
      name: string;
      backup: string;
      version: number;
      /** Its folder by uid and title; null = General. */
      folder: FolderRef | null;
      /** Its folder was gone and was created again under the parents the backup records. */
      folderRecreated?: FolderRecreation;
      /** `Title (uid)` of the backed-up folder when it no longer exists and the backup records no parents (the panel went to General). */
      folderMissing: string | null;
      /** The backup was another environment's (its prune deleted the panel from this Grafana and org). */
      otherEnvironment?: OtherEnvironmentBackups;
      /**
       * The backup holds a handover's temporary name (`backupName`): restored under the name before the handover an earlier
       * backup holds (`before`), or, when no earlier backup holds one (null), under the temporary name.
       */
      handover?: HandoverBackupName;
      /** Grafana answered the create 2xx and its answer was cut off mid-body: read back, it holds the backup's panel. */
      answerCutOff?: true;
    }
  /** Grafana refused the create after this restore had created folders for it; `cleanup`: what became of them. */
  | { uid: string; kind: 'refused'; message: string; cleanup: FolderCleanup }
  /** The uid is taken: by the panel itself (restored already), or by a library variable (`elementKind` 2). */
  | { uid: string; kind: 'exists'; version: number; elementKind: number }
  /**
   * Grafana allows a name once per folder and kind: `holder` has it in the folder the panel was going to. `handoverName`:
   * `name` is the panel's name before a handover, and its newest backup holds that handover's temporary name, which
   * restore does not give it.
   */
  | { uid: string; kind: 'name-taken'; name: string; holder: string; folderUid: string | null; folderTitle: string; handoverName?: string }
  /** No backup from `source` in `backupDir` (nor in the other environments' directories); `elsewhere`: those from another Grafana or org, newest first. */
  | { uid: string; kind: 'not-found'; backupDir: string; source: string; elsewhere: BackupFromElsewhere[] };

/**
 * Creates a pruned library panel again from its newest backup: the same uid, name and model, placed
 * as a dashboard is (placeFromBackup): into `into` (--folder, checked to exist); else its old folder,
 * created again under the parents the backup records when it is gone; General when the backup
 * records none (a dashboard finds its library panel by uid wherever it lives). Nothing is
 * overwritten: a uid that exists, or a name another panel holds in that folder, is refused.
 */
export async function restoreLibraryPanel(
  found: FoundBackup<LibraryPanelBackup>,
  context: { grafana: GrafanaPort; into?: RestoreFolder },
): Promise<LibraryPanelRestoreOutcome> {
  const { grafana, into } = context;
  const { backup } = found;
  const uid = backup.uid;
  const existing = await grafana.getLibraryPanel(uid);
  if (existing) return existsOutcome(existing);

  const { folderUid, folder, folderRecreated, folderMissing } = await placeFromBackup(grafana, backup, into);
  const { model } = backup.element;
  let { name } = backup.element;
  // The panel a handover renamed comes back under its name before the handover, never under the temporary one while an
  // earlier backup holds that name: where another panel holds it in the folder (the one that took it over), it is refused.
  // (A folder just created for it holds no panel: no holder there.)
  const handover = await readHandoverBackupName(found);
  if (handover?.before != null) {
    const holder = await sameNameIn(grafana, folderUid, handover.before);
    if (holder) {
      return { uid, kind: 'name-taken', name: handover.before, holder: holder.uid, folderUid, folderTitle: holder.folderTitle, handoverName: handover.backupName };
    }
    name = handover.before;
  }
  let saved: LibraryPanelSaveOutcome;
  let answerCutOff = false;
  try {
    saved = await grafana.saveLibraryPanel({ uid, name, model, folderUid, expect: 'absent' });
  } catch (error) {
    if (!(error instanceof AnswerCutOffError || error instanceof SaveUnconfirmedError)) return await judgeFailedCreate(grafana, error, { uid, name, folderUid, folderRecreated, handover });
    // Grafana created it (a 2xx head) and its answer was cut off mid-body, or answered 2xx in words that do not show it and
    // something is there: read back, as apply does; not found as sent, the run reports it unknown.
    const live = await grafana.getLibraryPanel(uid).catch((readError: unknown) => (noteReadBackUnreachable(error, readError), null));
    if (live === null || !libraryPanelHolds(live, { name, model }, folderUid)) throw error;
    saved = { kind: 'saved', revision: live.revision, version: live.version };
    answerCutOff = error instanceof AnswerCutOffError;
  }
  if (saved.kind === 'conflict') return saved.current ? existsOutcome(saved.current) : { uid, kind: 'exists', version: 0, elementKind: 1 };
  return {
    uid,
    kind: 'restored',
    name,
    backup: found.path,
    version: saved.version,
    folder,
    ...(folderRecreated ? { folderRecreated } : {}),
    folderMissing,
    ...(found.otherEnvironment ? { otherEnvironment: found.otherEnvironment } : {}),
    ...(handover ? { handover } : {}),
    ...(answerCutOff ? { answerCutOff: true as const } : {}),
  };
}

/** A create that failed: the name another panel holds in the folder, or Grafana's refusal (the folders created for it removed while empty); any other failure is thrown. */
async function judgeFailedCreate(
  grafana: GrafanaPort,
  error: unknown,
  create: { uid: string; name: string; folderUid: string | null; folderRecreated: FolderRecreation | undefined; handover: HandoverBackupName | null },
): Promise<LibraryPanelRestoreOutcome> {
  const { uid, name, folderUid, folderRecreated, handover } = create;
  // 400 "library element with that name or UID already exists", the uid being free: the name is taken.
  const holder = error instanceof GrafanaHttpError && error.status === 400 ? await sameNameIn(grafana, folderUid, name) : undefined;
  if (holder) return { uid, kind: 'name-taken', name, holder: holder.uid, folderUid, folderTitle: holder.folderTitle, ...(handover?.before === name ? { handoverName: handover.backupName } : {}) };
  // Refused (a 403 in a folder these credentials may not write, say): the folders created for it go again while empty.
  if (!folderRecreated?.created.length || !isAnsweredRefusal(error)) throw error;
  return { uid, kind: 'refused', message: error.message, cleanup: await removeRecreatedFolders(grafana, folderRecreated.created) };
}

function existsOutcome(live: LiveLibraryPanel): LibraryPanelRestoreOutcome {
  return { uid: live.uid, kind: 'exists', version: live.version, elementKind: live.kind };
}

