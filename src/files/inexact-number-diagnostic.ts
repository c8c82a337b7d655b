import type { Diagnostic } from '../errors.js';
import { findInexactNumberIn } from './find-inexact-number.js';
import { positionOf } from './parse-json.js';
import { shownNumberLiteral } from './shown-number-literal.js';

const BOM = '\uFEFF';

/**
 * Pure: an error for the first number of a file's JSON text that a 64-bit float cannot hold
 * (findInexactNumber), or undefined. dashsync reads JSON numbers as 64-bit floats, and so do
 * Grafana 12+ (every spec number is a Go float64 there: 1e400 is refused) and Grafana's browser
 * UI in every release, so such a number would reach Grafana as another one (or as null): the file
 * is refused until it says a number that can be held, or a string. `parsed` is what the file says
 * Grafana is to hold (its model, spec or element): a walk of it decides whether the text needs a scan.
 */
export function inexactNumberDiagnostic(text: string, file: string, parsed: unknown): Diagnostic | undefined {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const inexact = findInexactNumberIn(body, parsed);
  if (!inexact) return undefined;
  const shown = shownNumberLiteral(inexact.literal);
  const value = Number(inexact.literal);
  const what = Number.isFinite(value)
    ? `has more digits than a 64-bit float holds: it would reach Grafana as ${JSON.stringify(value)}; write ${JSON.stringify(value)}`
    : 'is beyond a 64-bit float: Grafana 12+ refuses it and it would reach 11.x as null; write a smaller number';
  const message = `the number ${shown} ${what}, or the number as a string (check --fix leaves the file as it is until then)`;
  return { file, ...positionOf(body, inexact.offset), severity: 'error', rule: 'number-inexact', message };
}
