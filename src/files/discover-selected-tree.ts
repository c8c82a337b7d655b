import { relative, resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { readTreeLog } from '../git/read-tree-log.js';
import { describeEmptySelection, describeSelectedNothing, discoverTree, type DiscoveredTree, type SelectionStop } from './discover-tree.js';
import { describeNeverSelected, mayPlanEmptySelection, selectedBefore } from './emptied-selection.js';
import { describeIncludeSuggestions, suggestIncludes } from './suggest-include.js';
import { toSlashes } from './tree-paths.js';
import type { Shell } from '../describe-error.js';
import { runSelectionOf } from '../report/next-command.js';

type TreeSettings = Pick<Settings, 'root' | 'include' | 'exclude' | 'configFile' | 'cwd' | 'selectionFrom' | 'environment' | 'prune' | 'environmentsSharingOrg'> & Partial<Pick<Settings, 'commandLine'>>;

/**
 * The tree's files the run selects, as plan and check walk it: an include that selects nothing stops the run
 * (judgeSelectedNothing), but for an environment whose every file moved out, whose plan prunes what it left.
 */
export async function discoverSelectedTree(settings: TreeSettings, shell: Shell = 'cli'): Promise<DiscoveredTree> {
  const discovered = await discoverTree({
    root: settings.root,
    include: settings.include,
    exclude: settings.exclude,
    configFile: settings.configFile,
    cwd: settings.cwd,
    selectionFrom: settings.selectionFrom,
    selection: runSelectionOf(settings),
    emptySelectionIsError: false,
  });
  const selection = settings.include.length + settings.exclude.length > 0;
  if (selection && discovered.dashboardFiles.length + discovered.libraryFiles.length === 0) {
    const root = resolve(settings.root);
    const leftOut = discovered.unselected ?? { dashboardFiles: [], libraryFiles: [] };
    const treeFiles = [...leftOut.dashboardFiles, ...leftOut.libraryFiles].map((absPath) => toSlashes(relative(root, absPath)));
    const stop = await judgeSelectedNothing(settings, treeFiles, discovered.selectedBehindLinks, discovered.selectedBelowDotDirs, shell);
    if (stop !== null) throw new ConfigError([stop.problem], stop.next);
  }
  return discovered;
}

/**
 * Why a run of this selection, which picks no dashboard or library panel file, stops; null when it plans: an environment
 * whose every file moved out (mayPlanEmptySelection, and git shows files its include selected) prunes what it left. An
 * include git never saw select a file is a typo (one git log, only then). One judge for plan, `check --env` and bare check's
 * look at each environment (judgeEnvironmentSelections). `treeFiles`: the tree's dashboard and library panel files
 * (root-relative), for the stop's "did you mean" (suggestIncludes); `behindLinks`, `belowDotDirs`: the directory links and dot-directories
 * its include names paths inside.
 */
export async function judgeSelectedNothing(
  settings: TreeSettings,
  treeFiles: readonly string[],
  behindLinks: readonly string[] = [],
  belowDotDirs: readonly string[] = [],
  shell: Shell = 'cli',
): Promise<SelectionStop | null> {
  const root = resolve(settings.root);
  const suggestion = () => describeIncludeSuggestions(suggestIncludes(settings.include, settings.exclude, treeFiles), settings.include.length);
  if (!mayPlanEmptySelection(settings)) {
    const override = describeExcludeOverride(settings, treeFiles);
    if (override !== null) return { problem: `${describeSelectedNothing(settings, root)}: ${override}` };
    const empty = describeEmptySelection(settings, root, behindLinks, belowDotDirs);
    return { problem: empty.problem, next: `${empty.next}${suggestion()}` };
  }
  const log = await readTreeLog(root);
  if (log === null) return { problem: `${describeNeverSelected(settings, root, null)}${suggestion()}` };
  const held = [...log.atHead, ...log.removals.map((removal) => removal.path)];
  if (selectedBefore(settings, held)) return null;
  // The exclude is the culprit where the include alone selects files git holds or held.
  const includeAloneSelects = settings.exclude.length > 0 && selectedBefore({ include: settings.include, exclude: [] }, held);
  return { problem: `${describeNeverSelected(settings, root, { shallow: log.shallow, includeAloneSelects }, shell)}${suggestion()}` };
}

/** A stop as one line (bare check's finding on an environment): its next step a sentence after the problem, as the run's error says it. */
export function describeSelectionStop(stop: SelectionStop): string {
  return stop.next === undefined ? stop.problem : `${stop.problem}. ${stop.next}`;
}

/**
 * A `--include` for a one-off run the config's exclude empties (the include alone selects files of the tree): how to get
 * past it, which "check the globs" does not say. Null where the globs themselves select nothing.
 */
function describeExcludeOverride(settings: TreeSettings, treeFiles: readonly string[]): string | null {
  const from = settings.selectionFrom;
  if (from === undefined || !from.include.startsWith('--') || from.exclude.startsWith('--') || settings.exclude.length === 0) return null;
  if (!selectedBefore({ include: settings.include, exclude: [] }, treeFiles)) return null;
  return `that exclude leaves out every file this --include selects; an --exclude on the command line replaces it: add --exclude with the globs you do want left out (a glob that matches nothing leaves out nothing), or change ${from.exclude}`;
}
