import { describeLiveNumber } from '../diff/describe-live-number.js';

/**
 * A dashboard pull does not write: Grafana (11.x, which keeps number text) holds a number a 64-bit float cannot
 * hold, so the file would say another number (or null), and the next plan would push that one back over it.
 */
export class LiveNumberInexactError extends Error {
  constructor(uid: string, inexact: { literal: string; path: (string | number)[] }) {
    const { shown, where, asFloat } = describeLiveNumber(inexact);
    const written = asFloat === 'null' ? 'beyond a 64-bit float: the file would say null' : `more digits than a 64-bit float holds: the file would say ${asFloat}`;
    super(
      `dashboard ${uid}: Grafana holds the number ${shown} at ${where}, ${written}, and the next plan would push that back. ` +
        'Not pulled (its file, if any, is left as it is): in Grafana, make it a number a float holds or a string, then pull again',
    );
    this.name = 'LiveNumberInexactError';
  }
}
