import { getLocation } from 'jsonc-parser';
import { findInexactNumber, mayHoldInexactNumber } from '../../files/find-inexact-number.js';

/** A number of a dashboard as Grafana answered it that a 64-bit float cannot hold. */
export interface LiveInexactNumber {
  /** The number's text as Grafana sent it (`12345678901234567890`). */
  literal: string;
  /** Where it is in the dashboard model. */
  path: (string | number)[];
}

/**
 * Pure: the first number of `dashboard` that reading it as a float changed, found in the text of the
 * `GET /api/dashboards/uid/:uid` answer it came from (`bytes`). Grafana 11.x keeps a dashboard's numbers as
 * their text (simplejson decodes with UseNumber), so `12345678901234567890` comes back exactly; 12+ store
 * float64s and never send one. A cheap walk of the parsed model decides whether the text is read at all.
 */
export function findLiveInexactNumber(bytes: Uint8Array, dashboard: unknown): LiveInexactNumber | undefined {
  if (!mayHoldInexactNumber(dashboard)) return undefined;
  const text = new TextDecoder().decode(bytes);
  // `meta` comes first in Go's answer; a number there says nothing about the dashboard's.
  for (let found = findInexactNumber(text); found; found = findInexactNumber(text, found.offset + found.literal.length)) {
    const [top, ...path] = getLocation(text, found.offset + 1).path;
    if (top === 'dashboard') return { literal: found.literal, path };
  }
  return undefined;
}
