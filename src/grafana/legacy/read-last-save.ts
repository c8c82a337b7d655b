import { DASHSYNC_MARKER } from '../../config/render-commit-message.js';
import type { LastSave, LiveDashboard } from '../port.js';
import { noteNamesListedSaver } from '../content-note.js';
import { isDashsyncSave, legacySaver } from '../save-authorship.js';
import { parseRestoreNote, restoreLastSave } from '../restore-note.js';
import type { DashboardVersion, GrafanaApi } from './legacy-api.js';

type Subject = Pick<LiveDashboard, 'uid' | 'version' | 'lastSave'>;

/** The `/api` port's history reads of a dashboard's newest save (readLastSave) and of one save's message (readSaveMessage). */
interface LastSaveReader {
  readLastSave(dashboard: Subject): Promise<LastSave>;
  readSaveMessage(uid: string, version: number): Promise<string | null>;
}

/**
 * The newest version of each dashboard asked about (one request each), with whether dashsync saved it. Who these
 * credentials are is read once, the first time it matters (a version that carries the marker, or a first version); a
 * failed lookup leaves it unknown (the marker decides).
 *
 * A dashboard at version 1 (as its GET says) is read as that version itself (`GET …/versions/1`) rather than as the list's
 * newest entry: the same row, judged as the list's (its message as the list rewrites it, listedMessage), and its message
 * as saved kept for the one readSaveMessage that asks for it next (a plan's not-in-branch and restore checks in git, pull's
 * foreign-push check), which then costs no request of its own (perf-67a; it was the list and then that version, two).
 */
export function createLastSaveReader(api: Pick<GrafanaApi, 'listDashboardVersions' | 'readVersion' | 'readVersionMessage' | 'ownIdentity'>): LastSaveReader {
  /** `version/uid` → the message as saved of a first version read, until readSaveMessage takes it. */
  const savedMessages = new Map<string, string>();
  const readNewest = async (dashboard: Subject): Promise<{ latest: DashboardVersion | undefined; savedMessage?: string }> => {
    if (dashboard.version === 1) {
      const read = await api.readVersion(dashboard.uid, 1);
      if (read !== null) {
        savedMessages.set(`1/${dashboard.uid}`, read.savedMessage);
        return { latest: read.listed, savedMessage: read.savedMessage };
      }
    }
    const [latest] = await api.listDashboardVersions(dashboard.uid, 1);
    return { latest };
  };
  return {
    readLastSave: async (dashboard) => {
      const { latest, savedMessage: known } = await readNewest(dashboard);
      if (!latest) return lastSaveFromVersion(dashboard, latest, null);
      if (latest.parentVersion !== 0) {
        const byNote = noteNamesListedSaver(latest.message, latest.createdBy) === true;
        // Without the marker, or with a note naming the saver the list shows, who these credentials are decides nothing.
        const ownNames = byNote || !latest.message.includes(DASHSYNC_MARKER) ? null : (await api.ownIdentity()).saverNames;
        return decideLastSave(dashboard, latest, { message: latest.message, byNote, ownNames });
      }
      const ownNames = (await api.ownIdentity()).saverNames;
      // The version's own read keeps the message the list rewrites: where that read was the version's (no request), judged by
      // it whoever created it (a push from a file not committed says `[uncommitted]` only there); not created by these
      // credentials' names (someone else, or a creator Grafana names `Anonymous`), read for its marker and note (one request).
      const version = latest.version || dashboard.version;
      const savedMessage = known ?? (legacySaver(latest.createdBy, ownNames) !== 'me' ? await api.readVersionMessage(dashboard.uid, version) : null);
      const save = lastSaveFromVersion(dashboard, latest, ownNames, savedMessage);
      // Neither read answered the message as saved (the one-version read's 404 or 500): its note, `[uncommitted]` with it, is not seen.
      return savedMessage === null && save.byDashsync === true && save.restored === undefined ? { ...save, messageUnread: true } : save;
    },
    readSaveMessage: async (uid, version) => {
      const key = `${version}/${uid}`;
      const kept = savedMessages.get(key);
      if (kept === undefined) return await api.readVersionMessage(uid, version);
      // Taken once: a later ask (a dashboard deleted and created again since, at version 1 again) reads it anew.
      savedMessages.delete(key);
      return kept;
    },
  };
}

/**
 * Pure. Every dashsync save carries the marker in its message, and counts as dashsync's when its content note names
 * the saver the list shows (content-note.ts noteNamesListedSaver: whoever reads it), or else when these
 * credentials saved it (save-authorship.ts: a copied message in someone else's save does not). A note naming
 * someone else leaves it to that rule, not to a verdict of its own: unlike an `/apis` uid, a login or a service
 * account's name can change after the save, and the list shows the name at the read.
 * Grafana's versions list rewrites the message of a dashboard's first version to "Initial save"
 * (every release; grafana-api.md §6), so a dashboard dashsync created carries no marker: there the
 * author decides, our own names created it, anyone else did not — unless the version's message as saved
 * (`savedMessage`, GET …/versions/:version, which keeps it) carries a note naming the creator. A creator Grafana does not
 * name (`Anonymous`: a service account before 11.5, on 12.0–12.2, or one deleted since) or credentials not known: the
 * saved message's marker decides, as for a later version (unknown without it). No history at all: unknown.
 */
export function lastSaveFromVersion(dashboard: Subject, latest: DashboardVersion | undefined, ownNames: readonly string[] | null, savedMessage: string | null = null): LastSave {
  if (!latest) return { ...dashboard.lastSave, byDashsync: null };
  const message = latest.parentVersion === 0 && savedMessage !== null ? savedMessage : latest.message;
  return decideLastSave(dashboard, latest, { message, byNote: noteNamesListedSaver(message, latest.createdBy) === true, ownNames });
}

/** lastSaveFromVersion with the message read and its note weighed (`byNote`: it names the saver the list shows). */
function decideLastSave(dashboard: Subject, latest: DashboardVersion, read: { message: string; byNote: boolean; ownNames: readonly string[] | null }): LastSave {
  const saver = legacySaver(latest.createdBy, read.ownNames);
  const firstVersion = latest.parentVersion === 0;
  // A creator Grafana does not name (a service account deleted since, or any on 12.0–12.2) with dashsync's message as saved:
  // dashsync's, as the marker decides a later version by an unnamed saver (isDashsyncSave); without the message, unknown.
  const createdByUs = saver === 'unknown' ? read.message.includes(DASHSYNC_MARKER) || null : saver === 'me';
  const byDashsync = read.byNote || (firstVersion ? createdByUs : isDashsyncSave(latest.message, saver));
  // Some 12.x history paths report version 0; the version GET returned is the same save.
  const version = latest.version || dashboard.version;
  // dashsync's restore of a save that was not its push, whose note is in the message read (no request of its own): that save
  // is the one judged, as on /apis (k8s-history.ts). A first version these credentials created shows "Initial save" here:
  // the plan reads its own message where it reads it anyway (read-first-save-restore.ts).
  const restore = byDashsync === true ? parseRestoreNote(read.message) : null;
  if (restore !== null) return restoreLastSave(restore, { at: latest.created, version, message: read.message });
  return {
    by: latest.createdBy,
    at: latest.created,
    // A first version's message as saved where it carries the marker (the list shows "Initial save"): whose push it was matters.
    message: read.byNote || read.message.includes(DASHSYNC_MARKER) ? read.message : latest.message,
    byDashsync,
    version,
  };
}
