import type { Diagnostic } from '../errors.js';
import { plural } from '../plural.js';

/** The files a check reported on, by what they hold. */
export interface CheckedFiles {
  /** The `.json` files read as dashboards (valid or not). */
  dashboards: number;
  /** `.json` files where dashboards are read that hold another tool's form of something else (a folder object or resource, a library element, a grafana-operator resource: each an error), or another tool's file (package.json: a not-a-dashboard warning); none a dashboard. */
  otherForms: number;
  /** The folders checked: the tree's (a directory that holds dashboards or a `_folder.json`), or the `_folder.json` files listed. */
  folders: number;
  /** Of those, how many have a `_folder.json`. */
  folderFiles: number;
  libraryPanels: number;
  /**
   * The pre-commit hook's: dashboards the commit does not stage that it reported on all the same (their references name a
   * staged library panel as it was: findStaleNamesOutsideCommit), not counted in `dashboards`.
   */
  unstagedDashboards: number;
}

export interface CheckSummary {
  errors: number;
  warnings: number;
  /** `check: 120 dashboards, 8 folders (3 with _folder.json), 2 errors, 1 warning` (other forms, folders, library panels and the hook's unstaged dashboards when there are any; `, 3 fixed` after --fix). */
  line: string;
}

export function summarizeCheck(diagnostics: readonly Diagnostic[], checked: CheckedFiles, filesFixed = 0): CheckSummary {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const parts = [plural(checked.dashboards, 'dashboard')];
  if (checked.otherForms > 0) parts.push(`${checked.otherForms} ${checked.otherForms === 1 ? 'file' : 'files'} in another tool's form (not ${checked.otherForms === 1 ? 'a dashboard' : 'dashboards'})`);
  if (checked.folders > 0) parts.push(`${plural(checked.folders, 'folder')}${checked.folderFiles > 0 && checked.folderFiles < checked.folders ? ` (${checked.folderFiles} with _folder.json)` : ''}`);
  if (checked.libraryPanels > 0) parts.push(plural(checked.libraryPanels, 'library panel'));
  // A line that shows a dashboard's warning counts that dashboard: `0 dashboards, 1 library panel` alone read as if none was read.
  if (checked.unstagedDashboards > 0) parts.push(`${plural(checked.unstagedDashboards, 'unstaged dashboard')} using a staged library panel`);
  parts.push(plural(errors, 'error'), plural(warnings, 'warning'));
  if (filesFixed > 0) parts.push(`${filesFixed} fixed`);
  return { errors, warnings, line: `check: ${parts.join(', ')}` };
}
