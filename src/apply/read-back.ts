import { AuthError, GrafanaHttpError, NotLandedError, RequestInterruptedError, SaveUnconfirmedError, UnreachableError, unreachableBehind } from '../errors.js';

/**
 * Whether a failed write may still have landed: the request that failed was a write, and no
 * answer came (the connection was lost after it went out) or an earlier send of it went
 * unanswered before the resend (a 429 or 503 was not processed), or Ctrl-C cut it off after a send of it went out that
 * no answer refused, or it was answered 2xx in words that do not show it (SaveUnconfirmedError). A write refused at its first send with an answer (a 400, a 403, …) did not, nor one whose every
 * send was refused or found no connection (refused, DNS, TLS), and a failed read wrote nothing.
 */
export function mayHaveLanded(error: unknown): boolean {
  if (!(error instanceof GrafanaHttpError) || error.method === 'GET') return false;
  // Ctrl-C cut it off: it may have landed once a send of it went out that was not refused (a 503, then Ctrl-C before the resend left: not).
  if (error instanceof RequestInterruptedError) return error.sendMayHaveLanded;
  // Answered 2xx by something that did not show the save, and something else read back: this save, or another.
  if (error instanceof SaveUnconfirmedError) return true;
  return (error instanceof UnreachableError && !error.connectFailed) || error.earlierSendMayHaveLanded;
}

/**
 * Whether a failed write was Grafana's answered refusal (a 400, a 403, a 412, …): it did not land, so a restore may
 * report it refused and remove the folders it created for it. Not a 401 (the run stops), not Ctrl-C, even before the
 * request was sent (the run reports that uid not started or unknown), not a write that may have landed.
 */
export function isAnsweredRefusal(error: unknown): error is GrafanaHttpError {
  // No answer at all (UnreachableError), even one that never left: Grafana refused nothing, it was not there.
  return error instanceof GrafanaHttpError && !(error instanceof AuthError) && !(error instanceof RequestInterruptedError) && !(error instanceof UnreachableError) && !mayHaveLanded(error);
}

/**
 * Said of a save Grafana answered 2xx whose read back Ctrl-C cut off (ReadBackInterruptedError): the save is done, and
 * the version named is the one Grafana's answer gave. One rule for apply and restore.
 */
export const READ_BACK_CUT = "Grafana answered the save (the version is its answer's), and Ctrl-C cut off the read back after it";

/**
 * A delete that may have landed whose read back found the object still there. Every such delete had a send that met no
 * answer or a gateway's 502/504 (mayHaveLanded), which Grafana may still process after the read back (a gateway that
 * answered 504 at once and passed the request on later; a busy database): its outcome is not known, and its line says what
 * the read back found (review-69b M2; walk-68b L3 wanted the read back's finding said). Ctrl-C's error is thrown, for the
 * run to report as it reports every cut write; any other is an outcome not known.
 */
export function stillThereWhenReadBack(error: unknown): { kind: 'unknown'; error: unknown } {
  if (error instanceof GrafanaHttpError) error.stillThereWhenReadBack = true;
  if (error instanceof RequestInterruptedError) throw error;
  return { kind: 'unknown', error };
}

/** The failure's words for a delete read back and found still there (GrafanaHttpError.stillThereWhenReadBack); '' for any other. */
export function describeStillThere(error: unknown): string {
  return error instanceof GrafanaHttpError && error.stillThereWhenReadBack ? `; ${STILL_THERE}` : '';
}

/** ApplyFailure.stillThereWhenReadBack for such a delete. */
export function stillThereMark(error: unknown): { stillThereWhenReadBack?: true } {
  return error instanceof GrafanaHttpError && error.stillThereWhenReadBack ? { stillThereWhenReadBack: true } : {};
}

const STILL_THERE = "still there when read back, and a send that met no answer or a gateway's 502/504 may still be processed";

/**
 * A delete answered 5xx but 503 (a refusal before handling it) and the 502/504 a gateway answers for Grafana, which
 * mayHaveLanded covers: Grafana may have done it before the error, so it is read back, as a save is, and said as what that
 * read found (walk-72 L5).
 */
export function answeredServerError(error: unknown): error is GrafanaHttpError {
  if (!(error instanceof GrafanaHttpError) || error instanceof RequestInterruptedError || error instanceof UnreachableError) return false;
  return error.status >= 500 && error.status !== 503 && !mayHaveLanded(error);
}

/** Such a delete (answeredServerError) still there when read back: Grafana's 5xx was its last word, and nothing was deleted. */
export function notDeletedWhenReadBack(error: GrafanaHttpError): NotLandedError {
  return new NotLandedError(`${error.message}; still in Grafana when read back, so not deleted`, { cause: error });
}

/**
 * What Grafana holds after a write that failed with `writeError` (one that may have landed, or a refusal read to tell why):
 * true = it did land, false = it did not, null = Grafana cannot be read either. A read that met no answer (Grafana gone, or
 * the proxy between) is kept on the write's error (noteReadBackUnreachable): the run stops there, as at any request that
 * meets none. A read refused with a status (a 403, a 500) or cut off by Ctrl-C leaves the run to go on as before.
 */
export async function readBack(writeError: unknown, landed: () => Promise<boolean>): Promise<boolean | null> {
  try {
    return await landed();
  } catch (readError) {
    noteReadBackUnreachable(writeError, readError);
    return null;
  }
}

/** Keeps on a write's error (GrafanaHttpError.readBackUnreachable) the error of its read back, where that read met no answer. */
export function noteReadBackUnreachable(writeError: unknown, readError: unknown): void {
  const unreachable = unreachableBehind(readError);
  if (unreachable !== null && writeError instanceof GrafanaHttpError) writeError.readBackUnreachable ??= unreachable;
}
