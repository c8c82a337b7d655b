import { AuthError, GrafanaHttpError, RequestInterruptedError } from '../errors.js';
import { notedContent } from '../grafana/content-note.js';
import { backedUpModelDigest } from '../normalize/backed-up-model-digest.js';
import { parseRevision } from '../grafana/k8s/to-live-dashboard.js';
import type { GrafanaPort, LastSave, LiveDashboard } from '../grafana/port.js';
import type { HeldSave, PushOver } from '../grafana/restore-note.js';

/** dashsync's push a dashboard held, exactly as that push left it, when it was backed up before a delete. */
export interface HeldPush {
  /** The content digest of the push: its record's, or (legacy SQL storage keeps no record) the `sha256:` and 16 hex digits its content note names. */
  sha256: string;
  /** The metadata.uid of the object (`/apis`): a restore from "Recently deleted" finds that very object there. */
  objectUid: string | null;
  /**
   * backedUpModelDigest of the model backed up with it: a restore takes the push back only for this very content (a
   * backup edited by hand, or another copy of the uid in "Recently deleted", is not that push).
   */
  modelSha256: string;
}

/**
 * Whether the live dashboard is still dashsync's push, as the plan judges it (nobody saved it since): on `/apis` by
 * its push record, bound to it at its generation; where the storage keeps no record (legacy SQL, Grafana 12's
 * default), by the content note of its newest version (one history read). `/api` records neither: null. A history
 * that cannot be read leaves it unknown (null): the backup is written all the same.
 */
async function readHeldPush(grafana: Pick<GrafanaPort, 'readLastSave'>, live: LiveDashboard): Promise<HeldPush | null> {
  if (live.apiVersion === null) return null;
  const objectUid = parseRevision(live.revision)?.uid || null;
  if (live.pushed !== null) {
    const asPushed = live.pushed.bound && live.pushed.generation === live.version && live.lastSave.byDashsync === true;
    return asPushed ? { sha256: live.pushed.sha256, objectUid, modelSha256: backedUpModelDigest(live.model) } : null;
  }
  try {
    const lastSave = await grafana.readLastSave(live);
    const noted = lastSave.version === live.version ? notedContent(lastSave) : null;
    return noted === null ? null : { sha256: noted, objectUid, modelSha256: backedUpModelDigest(live.model) };
  } catch (error) {
    // Ctrl-C ends the apply before its backup and delete, as everywhere else; a 401 stops it too.
    if (error instanceof GrafanaHttpError && !(error instanceof AuthError) && !(error instanceof RequestInterruptedError)) return null;
    throw error;
  }
}

/** What the plan judged of a delete's newest save (DashboardAction's madeInGrafana, editedInGrafana), and the version it read. */
interface JudgedSave {
  madeInGrafana?: { by: string; at: string };
  editedInGrafana?: { by: string; at: string; version: number; over?: PushOver };
  /** The live version the plan read: a judgement of another version (an apply --force after a save since) is not taken. */
  liveVersion?: number;
}

/**
 * The save a dashboard about to be deleted holds where it is not dashsync's push, for its backup (DashboardBackup.held), so
 * that a restore can name it: `made` where the plan judged the dashboard made in Grafana (`madeInGrafana`, as the plan named
 * its saver: no request); through `/apis` else its newest save when someone else made it (`edit`; one history read where its
 * record does not tell; a save that was itself dashsync's restore passes on what that restore took back), with the push the
 * plan found it was saved over; through `/api`, where the apply reads no history, the plan's drift judgement of the version it
 * read (`editedInGrafana`). null for dashsync's own save, a labels-only edit (the content is still the push), and where the
 * history cannot be read or the plan judged nothing (the backup is written all the same).
 */
async function readHeldSave(grafana: Pick<GrafanaPort, 'readLastSave'>, live: LiveDashboard, judged: JudgedSave): Promise<HeldSave | null> {
  const { madeInGrafana, editedInGrafana } = judged;
  const sameVersion = judged.liveVersion === live.version;
  if (madeInGrafana && (live.apiVersion !== null || sameVersion)) return { kind: 'made', by: madeInGrafana.by, at: madeInGrafana.at, version: live.version };
  if (live.apiVersion === null) return editedInGrafana && sameVersion ? { kind: 'edit', ...editedInGrafana } : null;
  let save: LastSave;
  try {
    save = await grafana.readLastSave(live);
  } catch (error) {
    if (error instanceof GrafanaHttpError && !(error instanceof AuthError) && !(error instanceof RequestInterruptedError)) return null;
    throw error;
  }
  if (save.byDashsync !== false || save.metadataEdited) return null;
  const version = save.restored ? (save.restored.version ?? save.version) : save.version;
  // The push the plan found below this very save (a restore's note carries its own).
  const planned = editedInGrafana?.over !== undefined && editedInGrafana.version === version && sameVersion ? editedInGrafana.over : undefined;
  const over = save.restored ? save.restored.over : planned;
  if (save.restored) return { kind: save.restored.kind === 'made' ? 'made' : 'edit', by: save.by, at: save.at, version, ...(over && save.restored.kind !== 'made' && { over }) };
  return { kind: 'edit', by: save.by, at: save.at, version, ...(over && { over }) };
}

/**
 * What a dashboard's backup records of its newest save (readHeldPush, and where that finds no push readHeldSave), its history
 * read once for both.
 */
export async function readBackedUpSaves(grafana: Pick<GrafanaPort, 'readLastSave'>, live: LiveDashboard, judged: JudgedSave = {}): Promise<{ pushed: HeldPush | null; held: HeldSave | null }> {
  let read: Promise<LastSave> | undefined;
  const once = { readLastSave: (dashboard: LiveDashboard) => (read ??= grafana.readLastSave(dashboard)) };
  const pushed = await readHeldPush(once, live);
  return { pushed, held: pushed === null ? await readHeldSave(once, live, judged) : null };
}
