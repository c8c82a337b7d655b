import { renderPath } from '../diff/render-path.js';

/**
 * A dashboard pull does not write: Grafana (11.x, which keeps number text) holds a number a 64-bit float cannot
 * hold, so the file would say another number (or null), and the next plan would push that one back over it.
 */
export class LiveNumberInexactError extends Error {
  constructor(uid: string, inexact: { literal: string; path: (string | number)[] }) {
    const value = Number(inexact.literal);
    const shown = inexact.literal.length > 40 ? `${inexact.literal.slice(0, 40)}…` : inexact.literal;
    const where = renderPath(inexact.path.map((step) => (typeof step === 'number' ? { index: step } : { key: step }))) || 'the top level';
    const written = Number.isFinite(value) ? `more digits than a 64-bit float holds: the file would say ${JSON.stringify(value)}` : 'beyond a 64-bit float: the file would say null';
    super(
      `dashboard ${uid}: Grafana holds the number ${shown} at ${where}, ${written}, and the next plan would push that back. ` +
        'Not pulled (its file, if any, is left as it is): in Grafana, make it a number a float holds or a string, then pull again',
    );
    this.name = 'LiveNumberInexactError';
  }
}
