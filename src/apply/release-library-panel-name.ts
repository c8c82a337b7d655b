import { SaveUnconfirmedError } from '../errors.js';
import type { LiveLibraryPanel, WriteTally } from '../grafana/port.js';
import type { LibraryPanelAction, LiveLibraryPanelState } from '../plan/types.js';
import { backUpLibraryPanel, type LibraryPanelBackupContext } from './delete-library-panel-action.js';
import { mayHaveLanded, readBack } from './read-back.js';
import { libraryPanelConflict } from './save-library-panel-action.js';
import type { ApplyConflict } from './types.js';

/**
 * What became of a pruned panel's rename (its delete reads it): `released` — its name is free (`revision`: what the
 * panel is at after the rename, null when it was gone already; `backup`: the one written before it, null when an
 * earlier apply renamed it); `failed` — it still holds the name.
 */
export type NameRelease = { kind: 'released'; revision: string | null; backup: string | null } | { kind: 'failed' };

export type NameReleaseResult =
  /** `version`: the panel's after the rename, when Grafana said it. */
  | { kind: 'renamed'; revision: string; backup: string; version: number | null }
  /** Nothing to do: the panel is gone, or an earlier apply of this plan renamed it. */
  | { kind: 'free'; revision: string | null }
  | { kind: 'conflict'; conflict: ApplyConflict }
  /** The rename went out and Grafana stopped answering before it could be read back. */
  | { kind: 'unknown'; error: unknown };

/**
 * Frees the folder and name a pruned library panel (`holder`, a delete with handsNameOver) gives to a panel of the tree,
 * while dashboards the plan saves after the library panels still hold it (Grafana refuses its delete until then): backs
 * it up as its delete would, then renames it to `handsNameOver.renameTo`, expecting the version the plan saw (any with
 * --force), so a panel changed since is a conflict and keeps its name. Only the name changes: its model, folder and
 * connections stay, and the dashboards that hold it show it as before until they are saved.
 */
export async function releaseLibraryPanelName(
  holder: LibraryPanelAction,
  context: LibraryPanelBackupContext & { force: boolean },
  tally: WriteTally,
): Promise<NameReleaseResult> {
  const { grafana } = context;
  const renameTo = holder.handsNameOver!.renameTo;
  const live = await grafana.getLibraryPanel(holder.uid, tally);
  if (!live) return { kind: 'free', revision: null };
  if (live.name === renameTo) {
    // An earlier apply of this plan renamed it: accept it only as that rename left it (the version after the plan's, same
    // folder); anything changed since is a conflict, so its delete never takes an edit made after the rename.
    if (!context.force && holder.live && !isOnlyRenamed(live, holder.live)) return { kind: 'conflict', conflict: libraryPanelConflict(holder, live) };
    return { kind: 'free', revision: live.revision };
  }
  if (!context.force && holder.live && live.revision !== holder.live.revision) return { kind: 'conflict', conflict: libraryPanelConflict(holder, live) };
  const backup = await backUpLibraryPanel(live, context);
  const request = { uid: live.uid, name: renameTo, model: live.model, folderUid: live.folderUid, expect: live.revision };
  try {
    const saved = await grafana.saveLibraryPanel(request, tally);
    if (saved.kind === 'saved') return { kind: 'renamed', revision: saved.revision, backup, version: saved.version };
    if (saved.current?.name === renameTo && saved.retried) return { kind: 'renamed', revision: saved.current.revision, backup, version: saved.current.version };
    return { kind: 'conflict', conflict: libraryPanelConflict(holder, saved.current) };
  } catch (error) {
    if (!mayHaveLanded(error)) throw error;
    let read: LiveLibraryPanel | null = null;
    const landed = await readBack(error, async () => {
      read = await grafana.getLibraryPanel(holder.uid, tally);
      return read?.name === renameTo;
    });
    if (landed === null) return { kind: 'unknown', error };
    if (landed) return { kind: 'renamed', revision: read!.revision, backup, version: read!.version };
    // Answered 2xx in words that do not show it, and another version there: whether it landed is not known.
    if (error instanceof SaveUnconfirmedError) return { kind: 'unknown', error };
    throw error;
  }
}

/** The panel as the handover rename alone leaves it: one version on from the plan's (library panel versions count every save), in the same folder. */
function isOnlyRenamed(live: LiveLibraryPanel, planned: LiveLibraryPanelState): boolean {
  return live.version === planned.version + 1 && live.folderUid === planned.folderUid;
}
