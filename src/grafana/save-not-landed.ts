import { NotLandedError } from '../errors.js';

/**
 * A create Grafana's API answered 2xx, read back and not there (walk-72 L4): Grafana answers a save it made with the saved
 * dashboard, so something in front of it (a gateway, a mock, a sign-in proxy) answered in its place. `status`: the
 * answer's (SendOptions.answered), undefined when it was not told.
 */
export function saveNotLanded(uid: string, status: number | undefined): NotLandedError {
  return new NotLandedError(
    `Grafana answered the save (HTTP ${status ?? '2xx'}) but holds no dashboard ${uid} when read back: it was not saved (does something in front of Grafana answer for it?)`,
  );
}

/** The status of a write's successful answer, as SendOptions.answered tells it. */
export function answerStatus(): { answered: (status: number) => void; status: () => number | undefined } {
  let told: number | undefined;
  return { answered: (status) => (told = status), status: () => told };
}
