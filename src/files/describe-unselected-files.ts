import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import { treePathTests } from './select-tree-paths.js';
import { toSlashes } from './tree-paths.js';

/** The rule of the warning on the tree's files that no environment selects. */
const SELECTED_BY_NO_ENVIRONMENT_RULE = 'selected-by-no-environment';

/** Files the warning's line names; the rest are counted (the JSON's `files` holds them all). */
const NAMED = 10;

type UnselectedSettings = Pick<Settings, 'environment' | 'environments' | 'environmentsPlace' | 'environmentSelections' | 'prune' | 'configFile' | 'cwd' | 'root'>;

/**
 * Whether a prune keeps the dashboard of a file no environment selects (whose it is cannot be told, docs/environments.md):
 * the run's environment prunes, or one of the config's environments does.
 */
function someEnvironmentPrunes(settings: UnselectedSettings): boolean {
  if (settings.environment !== undefined && settings.prune !== false) return true;
  return Object.values(settings.environmentSelections).some((selection) => selection.prune !== false);
}

/**
 * Pure: the one warning on the files among `candidates` that no environment's include/exclude in the config file selects (judged by the walk's
 * rules over `treeFiles`: every dashboard and library panel file, root-relative), or null. Nothing deploys such a file; where
 * some environment prunes, every prune keeps the dashboard or library panel it holds too, and an exclude does not silence it;
 * with prune off everywhere, a file an environment's exclude names was left out on purpose and is not named. The line names
 * the first few (as shown, from the working directory) and counts the rest, on the config file (at its `environments`); `files` holds them all.
 */
export function describeUnselectedFiles(settings: UnselectedSettings, treeFiles: readonly string[], candidates: readonly string[] = treeFiles): Diagnostic | null {
  if (settings.environments.length === 0) return null;
  // What each environment deploys: a typed --include/--exclude narrows one run, not its deploys.
  const selections = Object.values(settings.environmentSelections).map((selection) => selection.configured ?? selection);
  // An environment without include and exclude selects every file.
  if (candidates.length === 0 || selections.some(({ include, exclude }) => include.length + exclude.length === 0)) return null;
  const prunes = someEnvironmentPrunes(settings);
  const testsOf = treePathTests(treeFiles);
  const selects = selections.map(({ include, exclude }) => testsOf(include, exclude));
  const excludes = prunes ? [] : selections.filter(({ exclude }) => exclude.length > 0).map(({ exclude }) => testsOf(exclude, []));
  const files = [...new Set(candidates)]
    .filter((file) => !selects.some((selected) => selected(file)) && !excludes.some((excluded) => excluded(file)))
    .sort()
    .map((file) => toSlashes(relative(settings.cwd, resolve(settings.root, file))));
  if (files.length === 0) return null;
  const one = files.length === 1;
  const named = files.length <= NAMED ? files : [...files.slice(0, NAMED), `and ${files.length - NAMED} more`];
  const subject = `no environment selects ${one ? files[0] : `${files.length} files (${named.join(', ')})`}: nothing deploys ${one ? 'it' : 'them'}`;
  const message = prunes
    ? `${subject}, ` +
      `yet every plan that prunes keeps the ${one ? 'dashboard or library panel it holds' : 'dashboards and library panels they hold'} (whose ${one ? 'it is' : 'they are'} cannot be told); ` +
      `add ${one ? 'it' : 'them'} to an environment's include (or take ${one ? 'it' : 'them'} out of its exclude) in ${settings.configFile}, or remove ${one ? 'the file' : 'the files'}`
    : `${subject}; add ${one ? 'it' : 'them'} to an environment's include in ${settings.configFile}, or, to leave ${one ? 'it' : 'them'} undeployed on purpose, to an environment's exclude`;
  return { file: settings.configFile, ...settings.environmentsPlace, severity: 'warning', rule: SELECTED_BY_NO_ENVIRONMENT_RULE, message, files };
}
