import type { Shell } from '../describe-error.js';
import { relative } from 'node:path';
import type { FilePosition, Settings } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import { describeSelectionStop, judgeSelectedNothing } from '../files/discover-selected-tree.js';
import { describeRefusedGlobs, discoverTree } from '../files/discover-tree.js';
import { describeFileNameGlobs } from '../files/find-file-name-globs.js';
import { describeUnmatchedGlobFinding, findUnmatchedGlobs, type UnmatchedGlob } from '../files/find-unmatched-globs.js';
import { findRefusedGlobs } from '../files/selection-glob.js';
import { treePathSelector, treePathTests, unreadPlacesGlobNames } from '../files/select-tree-paths.js';
import { toSlashes } from '../files/tree-paths.js';
import { describeEmptiedEnvironmentInCheck } from './describe-emptied-environment.js';

/** The rule of bare check's error on an environment's include/exclude that `check --env NAME` and its plan stop on. */
export const ENVIRONMENT_SELECTION_RULE = 'environment-selection';

/**
 * `check` without `--env` of a config with environments: each environment's include/exclude judged as `check --env NAME`
 * judges it, by the same rules and severities (judgeSelectedNothing, describeEmptiedEnvironmentInCheck, findUnmatchedGlobs,
 * describeFileNameGlobs),
 * over the tree's paths (`treeFiles`: every dashboard and library panel file, root-relative) instead of one walk per
 * environment. What stops that environment's run is an error here, on the config file, so the other environments and the
 * files are still checked. Every line names the environment (or the top-level list it takes) and the config file.
 * `environments`: those to judge (environmentsTouched, where check looks at some files only); every one by default. `linkedDirs`:
 * the tree's directory links (root-relative), which an exclude glob may leave out (findUnmatchedGlobs).
 */
export async function judgeEnvironmentSelections(settings: Settings, treeFiles: readonly string[], environments: readonly string[] = settings.environments, linkedDirs: readonly string[] = [], shell: Shell = 'cli'): Promise<Diagnostic[]> {
  const testsOf = treePathTests(treeFiles);
  const shownRoot = toSlashes(relative(settings.cwd, settings.root)) || '.';
  // By message: a list several environments take from the top level is one list, said once, naming them all.
  const found = new Map<string, Diagnostic & { environments: string[] }>();
  const add = (environment: string) => (diagnostic: Diagnostic) => {
    const said = found.get(diagnostic.message);
    if (said === undefined) found.set(diagnostic.message, { ...diagnostic, environments: [environment] });
    else said.environments.push(environment);
  };
  // A glob of such a list, by the glob and where it came from: its "did you mean" is judged with each environment's own
  // exclude, and a guess that one environment's exclude rules out must not split the one glob into two lines.
  const unmatchedGlobs = new Map<string, { unmatched: UnmatchedGlob; selection: Parameters<typeof describeUnmatchedGlobFinding>[1]; environments: string[] }>();
  for (const environment of environments) {
    const { include, exclude, prune, from, places } = settings.environmentSelections[environment]!;
    if (include.length + exclude.length === 0) continue;
    const refuse = (message: string, at?: FilePosition) => add(environment)({ file: settings.configFile, ...at, severity: 'error', rule: ENVIRONMENT_SELECTION_RULE, message });
    const run = { ...settings, environment, include, exclude, prune, selectionFrom: from, selectionPlaces: places };
    const refused = describeRefusedGlobs(run);
    if (refused.length > 0) {
      const globs = findRefusedGlobs(include, exclude);
      refused.forEach((message, index) => refuse(message, places?.[globs[index]!.list]?.globs[globs[index]!.index]));
      continue;
    }
    // The walk's own rules; the answer is known at the first file the selection picks.
    const selectsNothing = !treeFiles.some(testsOf(include, exclude));
    if (selectsNothing) {
      const unread = linkedDirs.length > 0 || namesDotDir(include) ? await unreadPlacesSelected(run) : { links: [], dotDirs: [] };
      const stop = await judgeSelectedNothing(run, treeFiles, unread.links, unread.dotDirs, shell);
      if (stop !== null) {
        refuse(describeSelectionStop(stop), places?.include?.list);
        continue;
      }
      add(environment)(describeEmptiedEnvironmentInCheck(run, { dashboardFiles: [], libraryFiles: [] }, settings.configFile, shell)!);
    }
    describeFileNameGlobs(run, treeFiles).forEach(add(environment));
    const selection = { ...run, emptiedInclude: selectsNothing };
    for (const unmatched of findUnmatchedGlobs(selection, treeFiles, linkedDirs)) {
      const key = [unmatched.list, unmatched.glob, from[unmatched.list]].join('\u0000');
      const said = unmatchedGlobs.get(key);
      if (said === undefined) unmatchedGlobs.set(key, { unmatched, selection, environments: [environment] });
      else {
        said.environments.push(environment);
        said.unmatched = { ...said.unmatched, suggested: [...new Set([...said.unmatched.suggested, ...unmatched.suggested])] };
      }
    }
  }
  const globFindings = [...unmatchedGlobs.values()].map(({ unmatched, selection, environments: named }) => ({ ...describeUnmatchedGlobFinding(unmatched, selection, shownRoot), environments: named }));
  return [...found.values(), ...globFindings];
}

/**
 * The directory links and dot-directories an environment's include names paths inside (DiscoveredTree.selectedBehindLinks,
 * selectedBelowDotDirs), which its stop for selecting nothing names as `check --env` does: that environment's own walk, made
 * only for such a stop in a tree with links or an include naming a dot-directory. A walk that fails says nothing of either:
 * the stop is said without them (that environment's own run meets the failure).
 */
async function unreadPlacesSelected(run: Pick<Settings, 'root' | 'include' | 'exclude' | 'cwd' | 'configFile' | 'selectionFrom'>): Promise<{ links: string[]; dotDirs: string[] }> {
  const { root, include, exclude, cwd, configFile, selectionFrom } = run;
  const walked = await discoverTree({ root, include, exclude, cwd, configFile, selectionFrom, emptySelectionIsError: false }).catch(() => undefined);
  return { links: walked?.selectedBehindLinks ?? [], dotDirs: walked?.selectedBelowDotDirs ?? [] };
}

/** Pure: whether a glob of `include` names a path inside a dot-directory (unreadPlacesGlobNames), where only a walk tells what is there. */
function namesDotDir(include: readonly string[]): boolean {
  return include.some((glob) => unreadPlacesGlobNames(glob, []).dotDirs.length > 0);
}

/**
 * Pure: the environments whose include picks one of `paths` (root-relative; they need not exist), in the config's order:
 * those a change of these files can empty, or whose globs it can leave matching nothing. The exclude is not asked: a file
 * it keeps out still made the include select something.
 */
export function environmentsTouched(selections: Settings['environmentSelections'], paths: readonly string[]): string[] {
  const select = treePathSelector(paths);
  return Object.entries(selections).filter(([, { include }]) => select(include, []).size > 0).map(([name]) => name);
}
