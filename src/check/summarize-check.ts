import type { Diagnostic } from '../errors.js';

/** The files a check reported on, by what they hold. */
export interface CheckedFiles {
  dashboards: number;
  /** `_folder.json` files. */
  folders: number;
  libraryPanels: number;
}

export interface CheckSummary {
  errors: number;
  warnings: number;
  /** `check: 120 dashboards, 8 folders, 2 errors, 1 warning` (folders and library panels when there are any; `, 3 fixed` after --fix). */
  line: string;
}

export function summarizeCheck(diagnostics: readonly Diagnostic[], checked: CheckedFiles, filesFixed = 0): CheckSummary {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const parts = [count(checked.dashboards, 'dashboard')];
  if (checked.folders > 0) parts.push(count(checked.folders, 'folder'));
  if (checked.libraryPanels > 0) parts.push(count(checked.libraryPanels, 'library panel'));
  parts.push(count(errors, 'error'), count(warnings, 'warning'));
  if (filesFixed > 0) parts.push(`${filesFixed} fixed`);
  return { errors, warnings, line: `check: ${parts.join(', ')}` };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
