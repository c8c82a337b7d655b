import { AuthError, GrafanaHttpError, NotLandedError, RequestInterruptedError, SaveUnconfirmedError, UnreachableError } from '../errors.js';

/**
 * A create Grafana's API answered 2xx, read back and not there (walk-72 L4): Grafana answers a save it made with the saved
 * dashboard, so something in front of it (a gateway, a mock, a sign-in proxy) answered in its place. `status`: the
 * answer's (SendOptions.answered), undefined when it was not told.
 */
function saveNotLanded(uid: string, status: number | undefined): NotLandedError {
  return new NotLandedError(
    `Grafana answered the save (HTTP ${status ?? '2xx'}) but holds no dashboard ${uid} when read back: it was not saved (does something in front of Grafana answer for it?)`,
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

/** A dashboard as a read shows it, for telling a save that landed from one that did not: its version and what changes on every write. */
export interface ReadAfterSave {
  version: number;
  /** What every write changes (`/api`: the version; `/apis`: the resourceVersion). */
  written: string;
}

/**
 * A save Grafana's API answered 2xx in words that do not show it (not its uid, or not the version a save makes: something
 * in front of Grafana answered, or rewrote the answer; fixe-73 left, walk-72 L4), judged by a read of the uid: nothing
 * there, or still as it was before the save (`before`; null for a create), it was not saved (NotLandedError); another
 * version, or a read that fails, SaveUnconfirmedError, for the caller to judge by content (a read that met no answer kept
 * as its readBackUnreachable: the run stops). The error to throw: Ctrl-C's and a 401's are the read's own.
 */
export async function judgeUnprovenSave(
  save: { method: string; path: string; uid: string; status: number | undefined },
  before: ReadAfterSave | null,
  read: () => Promise<ReadAfterSave | null>,
): Promise<Error> {
  let now: ReadAfterSave | null;
  try {
    now = await read();
  } catch (error) {
    if (!(error instanceof GrafanaHttpError) || error instanceof RequestInterruptedError || error instanceof AuthError) return error as Error;
    const unconfirmed = new SaveUnconfirmedError(save.method, save.path, save.status, { failed: error.message }, save.uid);
    if (error instanceof UnreachableError) unconfirmed.readBackUnreachable = error;
    return unconfirmed;
  }
  return notSavedOrUnconfirmed(save, before, now);
}

/**
 * A save whose answer shows it (answerShowsSave) at version `answered`, judged by the read made after it all the same
 * (`api: auto` reads a save through `/api` back for its revision; rev-75 F14): at the answered version, null (saved); else
 * as judgeUnprovenSave judges its read. Pure.
 */
export function judgeShownSave(save: { method: string; path: string; uid: string; status: number | undefined }, answered: number, before: ReadAfterSave | null, now: ReadAfterSave | null): Error | null {
  if (now !== null && now.version === answered) return null;
  return notSavedOrUnconfirmed(save, before, now, answered);
}

/** Nothing there, or still as before the save: NotLandedError; another version: SaveUnconfirmedError (`answered`: the version an answer that showed the save gave). */
function notSavedOrUnconfirmed(save: { method: string; path: string; uid: string; status: number | undefined }, before: ReadAfterSave | null, now: ReadAfterSave | null, answered?: number): Error {
  if (now === null) return saveNotLanded(save.uid, save.status);
  if (before !== null && now.written === before.written) {
    return new NotLandedError(
      `Grafana answered the save (HTTP ${save.status ?? '2xx'}) but dashboard ${save.uid} is still at version ${now.version} when read back: it was not saved (does something in front of Grafana answer for it?)`,
    );
  }
  return new SaveUnconfirmedError(save.method, save.path, save.status, { version: now.version }, save.uid, answered);
}
