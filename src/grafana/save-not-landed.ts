import { AuthError, GrafanaHttpError, NotLandedError, RequestInterruptedError, SaveUnconfirmedError, UnreachableError } from '../errors.js';
import { folderAsWanted } from './folder-as-seen.js';
import type { LiveFolder } from './port.js';

/** What a save wrote, as its lines name it. */
type SavedKind = 'dashboard' | 'folder' | 'library panel';

/**
 * A create Grafana's API answered 2xx, read back and not there (walk-72 L4): Grafana answers a save it made with the saved
 * object, so something in front of it (a gateway, a mock, a sign-in proxy) answered in its place. `status`: the
 * answer's (SendOptions.answered), undefined when it was not told.
 */
function saveNotLanded(what: SavedKind, uid: string, status: number | undefined): NotLandedError {
  return new NotLandedError(
    `Grafana answered the save (HTTP ${status ?? '2xx'}) but holds no ${what} ${uid} when read back: it was not saved (does something in front of Grafana answer for it?)`,
  );
}

/** The status of a write's successful answer, as SendOptions.answered tells it. */
export function answerStatus(): { answered: (status: number) => void; status: () => number | undefined } {
  let told: number | undefined;
  return { answered: (status) => (told = status), status: () => told };
}

/**
 * Whether `/api`'s answer to a save shows it (grafana-api.md §1.3, §1.5): the uid sent, at the version after the one sent
 * (`sent`; a create, null: 1). `keepsUnchanged`: Grafana 12 and later, whose unified storage keeps the version of a save
 * that changes nothing, so the version sent is the save's too. Pure.
 */
export function answerShowsSave(answer: { uid: string; version: number }, uid: string, sent: number | null, keepsUnchanged: boolean): boolean {
  if (answer.uid !== uid) return false;
  if (sent === null) return answer.version === 1;
  return answer.version === sent + 1 || (keepsUnchanged && answer.version === sent);
}

/**
 * Whether the answer to a library panel create or PATCH shows it (grafana-api.md §13; `pkg/services/libraryelements`
 * database.go): Grafana answers `{"result": …}` with the element saved, its uid at version 1 for a create (`sent` null) and
 * the version after the one sent for a PATCH (every PATCH counts one, a save that changes nothing too). Pure.
 */
export function libraryPanelAnswerShowsSave(answer: { uid: string; version: number }, uid: string, sent: number | null): boolean {
  return answer.uid === uid && answer.version === (sent === null ? 1 : sent + 1);
}

/**
 * Whether the answer to a folder create, retitle or move shows it (grafana-api.md §5: `/api` answers the folder DTO; §12:
 * `/apis` the object saved): its uid, with the title and the parent the write set (`wanted`: a retitle sets the title only,
 * a move the parent only), at a version above the one sent (`sentVersion`; null: not checked) where the answer counts one
 * (12.0.0's `/api` left `version` out, `/apis` has none a person sees: 0 and absent are not checked). Grafana trims a title. Pure.
 */
export function folderAnswerShowsSave(
  answer: Pick<LiveFolder, 'uid' | 'title' | 'parentUid' | 'version'>,
  wanted: { uid: string; title?: string; parentUid?: string | null },
  sentVersion: number | null,
): boolean {
  if (answer.uid !== wanted.uid) return false;
  if (wanted.title !== undefined && answer.title.trim() !== wanted.title.trim()) return false;
  if (wanted.parentUid !== undefined && answer.parentUid !== wanted.parentUid) return false;
  return !answer.version || sentVersion === null || answer.version > sentVersion;
}

/** What a read shows of a saved object, for telling a save that landed from one that did not: its version and what changes on every write. */
export interface ReadAfterSave {
  /** null: none a person sees (a folder). */
  version: number | null;
  /** What every write changes (`/api`: the version; `/apis`: the resourceVersion). */
  written: string;
}

/** A save whose answer did not show it, as its lines name it: its request, the uid, the answer's status and what it saved. */
export interface UnprovenSave {
  method: string;
  path: string;
  uid: string;
  status: number | undefined;
  /** Default 'dashboard'. */
  what?: SavedKind;
}

/**
 * A save Grafana's API answered 2xx in words that do not show it (not its uid, or not the version a save makes: something
 * in front of Grafana answered, or rewrote the answer; fixe-73 left, walk-72 L4), judged by a read of the uid: nothing
 * there, or still as it was before the save (`before`; null for a create), it was not saved (NotLandedError); another
 * version, or a read that fails, SaveUnconfirmedError, for the caller to judge by content (a read that met no answer kept
 * as its readBackUnreachable: the run stops). The error to throw: Ctrl-C's and a 401's are the read's own.
 */
export async function judgeUnprovenSave(save: UnprovenSave, before: ReadAfterSave | null, read: () => Promise<ReadAfterSave | null>): Promise<Error> {
  // Nothing read holds what was sent here (the caller compares the content): always an error.
  const judged = (await judgeUnprovenWrite(save, before, read, () => false)) as { error: Error };
  return judged.error;
}

/**
 * judgeUnprovenSave for a save whose content the port itself can tell (`holdsSent`: a folder's title and parent): the
 * object read back holding what was sent is the save, landed.
 */
async function judgeUnprovenWrite<T extends ReadAfterSave>(
  save: UnprovenSave,
  before: ReadAfterSave | null,
  read: () => Promise<T | null>,
  holdsSent: (now: T) => boolean,
): Promise<{ landed: T } | { error: Error }> {
  const what = save.what ?? 'dashboard';
  let now: T | null;
  try {
    now = await read();
  } catch (error) {
    if (!(error instanceof GrafanaHttpError) || error instanceof RequestInterruptedError || error instanceof AuthError) return { error: error as Error };
    const unconfirmed = new SaveUnconfirmedError(save.method, save.path, save.status, { failed: error.message }, save.uid, what);
    if (error instanceof UnreachableError) unconfirmed.readBackUnreachable = error;
    return { error: unconfirmed };
  }
  return judgeRead(save, before, now, holdsSent);
}

/**
 * A save whose answer shows it (answerShowsSave) at version `answered`, judged by the read made after it all the same
 * (`api: auto` reads a save through `/api` back for its revision; rev-75 F14): at the answered version, null (saved); else
 * as judgeUnprovenSave judges its read. Pure.
 */
export function judgeShownSave(save: UnprovenSave, answered: number, before: ReadAfterSave | null, now: ReadAfterSave | null): Error | null {
  if (now !== null && now.version === answered) return null;
  return (judgeRead(save, before, now, () => false, answered) as { error: Error }).error;
}

/**
 * Pure: the object read after a save: nothing there, or still as `before`, not saved (NotLandedError); holding what was
 * sent, landed; else SaveUnconfirmedError (`answered`: the version an answer that showed the save gave).
 */
function judgeRead<T extends ReadAfterSave>(save: UnprovenSave, before: ReadAfterSave | null, now: T | null, holdsSent: (now: T) => boolean, answered?: number): { landed: T } | { error: Error } {
  const what = save.what ?? 'dashboard';
  if (now === null) return { error: saveNotLanded(what, save.uid, save.status) };
  if (holdsSent(now)) return { landed: now };
  if (before !== null && now.written === before.written) {
    const still = now.version === null ? 'is still as it was before the save' : `is still at version ${now.version}`;
    return {
      error: new NotLandedError(
        `Grafana answered the save (HTTP ${save.status ?? '2xx'}) but ${what} ${save.uid} ${still} when read back: it was not saved (does something in front of Grafana answer for it?)`,
      ),
    };
  }
  return { error: new SaveUnconfirmedError(save.method, save.path, save.status, { version: now.version }, save.uid, what, answered) };
}

/**
 * A folder write whose answer did not show it (folderAnswerShowsSave), judged by `read`: as wanted, it landed (the folder
 * read); gone, or still as `before` (its revision, title and parent), not saved; else not known. The error to throw, or the folder.
 */
export async function judgeUnprovenFolderWrite(
  save: Omit<UnprovenSave, 'what'>,
  before: LiveFolder | null,
  wanted: { title: string; parentUid: string | null },
  read: () => Promise<LiveFolder | null>,
): Promise<LiveFolder> {
  const asRead = (folder: LiveFolder) => ({ folder, version: null, written: `${folder.revision}\n${folder.parentUid}\n${folder.title}` });
  const judged = await judgeUnprovenWrite(
    { ...save, what: 'folder' },
    before && asRead(before),
    async () => {
      const folder = await read();
      return folder && asRead(folder);
    },
    (now) => folderAsWanted(now.folder, wanted),
  );
  if ('error' in judged) throw judged.error;
  return judged.landed.folder;
}
