import type { Diagnostic } from '../errors.js';
import { compareCodeUnits } from '../compare-code-units.js';

/** Pure: the order diagnostics are reported in: by file, line, column, then rule (code units, not a locale's). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareCodeUnits(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0) || compareCodeUnits(a.rule, b.rule);
}
