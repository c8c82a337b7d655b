import { AuthError, GrafanaHttpError, RequestInterruptedError, UnreachableError } from '../errors.js';
import type { WriteTally } from '../grafana/port.js';

/**
 * Whether a failed write may still have landed: the request that failed was a write, and no
 * answer came (the connection was lost after it went out) or an earlier send of it went
 * unanswered before the resend (a 429 or 503 was not processed), or Ctrl-C cut it off after a send of it went out that
 * no answer refused. A write refused at its first send with an answer (a 400, a 403, …) did not, nor one whose every
 * send was refused or found no connection (refused, DNS, TLS), and a failed read wrote nothing.
 */
export function mayHaveLanded(error: unknown): boolean {
  if (!(error instanceof GrafanaHttpError) || error.method === 'GET') return false;
  // Ctrl-C cut it off: it may have landed once a send of it went out that was not refused (a 503, then Ctrl-C before the resend left: not).
  if (error instanceof RequestInterruptedError) return error.sendMayHaveLanded;
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
 * A write whose read back showed it did not land (a delete's object still there): every send of it wrote nothing, so the
 * tally counts each as refused, and the failure says what the read back found, not that the outcome is not known.
 * Not after Ctrl-C cut the wait for a resend: the send before it (a gateway's 502/504) may still be processed after the
 * read back, so that outcome stays not known (its backup kept as such).
 */
export function noteReadBackNotLanded(tally: WriteTally, error: unknown): void {
  if (error instanceof RequestInterruptedError && error.resend !== undefined) return;
  tally.refused = tally.sent;
}

/** What Grafana holds after a write that may have landed: true = it did, false = it did not, null = Grafana cannot be read either. */
export async function readBack(landed: () => Promise<boolean>): Promise<boolean | null> {
  try {
    return await landed();
  } catch {
    return null;
  }
}
