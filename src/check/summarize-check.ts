import type { Diagnostic } from '../errors.js';

export interface CheckSummary {
  errors: number;
  warnings: number;
  /** `check: 120 files, 2 errors, 1 warning` (and `, 3 fixed` after --fix). */
  line: string;
}

export function summarizeCheck(diagnostics: readonly Diagnostic[], filesChecked: number, filesFixed = 0): CheckSummary {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const parts = [count(filesChecked, 'file'), count(errors, 'error'), count(warnings, 'warning')];
  if (filesFixed > 0) parts.push(`${filesFixed} fixed`);
  return { errors, warnings, line: `check: ${parts.join(', ')}` };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
