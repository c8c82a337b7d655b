import type { PruneScope } from '../config/types.js';
import { LIBRARY_DIR } from '../files/discover-tree.js';
import { parentOf } from '../files/tree-paths.js';

export interface Selection {
  include: string[];
  exclude: string[];
}

/**
 * An environment of one Grafana org: its include/exclude and `prune` (the config's; `runPrune`: this run's flag, where it
 * differs; `runLists`: the include/exclude are this run's flags, its plan being one of this run's).
 */
export type OrgEnvironment = [name: string, selection: Selection & { prune: PruneScope } & RunChoices];

/** What of an environment's plan in this run a command for it repeats: this run's `--prune` (`runPrune`), its `--include`/`--exclude` (`runLists`). */
export interface RunChoices {
  runPrune?: PruneScope;
  runLists?: true;
}

/** Pure: an environment's RunChoices alone, with nothing set that it does not have. */
export function runChoicesOf(environment: RunChoices): RunChoices {
  return { ...(environment.runPrune !== undefined && { runPrune: environment.runPrune }), ...(environment.runLists && { runLists: true as const }) };
}

/** Whether a selection picks a path (treePathTests over every path asked about and the tree's files). */
type PathTests = (include: string[], exclude: string[]) => (path: string) => boolean;

/**
 * Environments of this Grafana org a candidate is left to (config order); `pruneOff`: they deploy with prune off, so no plan
 * deletes it; `runPrune`/`runLists`: the first prunes it only with this run's `--prune` / selects it by this run's
 * `--include`/`--exclude` (its plan in this run), which the advice repeats.
 */
export interface LeftTo extends RunChoices {
  environments: string[];
  pruneOff?: true;
  /**
   * Why, where "its directory" is not all of it: `selects`, its include/exclude select the file, in a folder this run
   * deploys files in too; `first`, no environment selects the file and it comes first in config order among those that
   * prune and deploy files in its folder; `first-selects`, this run selects the file too, and the environment comes before
   * it in config order.
   */
  why?: 'selects' | 'first' | 'first-selects';
  /** With `selects` and `first-selects`: which of its lists each environment has (`include`, else `exclude` alone, else `none`: every file), for the words. */
  lists?: SelectionLists[];
}

/** What an environment's selection is made of: an include (with or without an exclude), an exclude alone, or neither (every file). */
export type SelectionLists = 'include' | 'exclude' | 'none';

/** Pure: which lists a selection has (SelectionLists). */
export function selectionListsOf(selection: Selection): SelectionLists {
  return selection.include.length > 0 ? 'include' : selection.exclude.length > 0 ? 'exclude' : 'none';
}

/**
 * Who a path no file holds now is left to under the rule for the folders environments deploy (`dir`: the tree's directory
 * of its folder, if it is in one): `mine` (this run's to prune), the environments it is left to, or null (the rule says
 * nothing).
 */
type PruneOffClaims = (file: string, dir: string | undefined) => LeftTo | 'mine' | null;

/**
 * Pure: which environment claims a path in a folder environments deploy (docs/environments.md "Two environments in one
 * Grafana org"), the one answer for a plan's prune (findLeftToOtherEnvironments) and restore's line (findUnprunedRestores).
 * An environment with prune off claims a file its include/exclude select (`pruneOff`). A folder an environment deploys
 * (one of `treeFiles` it selects is in the folder's directory) goes to the first in config order of those that deploy it
 * and prune (this run, `mine`, counted at its place `mineAt`: how many of `environments` come before it), so that one
 * plan, not each, deletes a dashboard made by hand there; where none prunes, to those with prune off, whose team chose to
 * delete nothing (`pruneOff`). A folder no environment deploys is whoever runs' (null).
 */
export function claimPruneOff(input: { environments: readonly OrgEnvironment[]; mine?: Selection & { mineAt?: number }; testsOf: PathTests; treeFiles: readonly string[] }): PruneOffClaims {
  const judged = input.environments.map(([name, selection]) => ({
    name,
    prune: selection.prune,
    ...runChoicesOf(selection),
    selects: input.testsOf(selection.include, selection.exclude),
  }));
  const off = judged.filter((environment) => environment.prune === false);
  const dirsOf = (selects: (path: string) => boolean) => new Set(input.treeFiles.filter(selects).map(folderDirOf));
  const mine = input.mine === undefined ? undefined : input.testsOf(input.mine.include, input.mine.exclude);
  // This run is an environment that prunes, in its place in config order.
  const ordered: ({ name?: string; selects: (path: string) => boolean } & RunChoices)[] = judged.filter((environment) => environment.prune !== false);
  if (mine !== undefined) ordered.splice(judged.slice(0, input.mine?.mineAt ?? 0).filter((environment) => environment.prune !== false).length, 0, { selects: mine });
  if (off.length === 0 && ordered.length < 2) return () => null;
  // The folders each deploys are worked out on the first question that needs them.
  const dirs = new Map<(path: string) => boolean, Set<string>>();
  const deploys = (selects: (path: string) => boolean, dir: string) => {
    if (!dirs.has(selects)) dirs.set(selects, dirsOf(selects));
    return dirs.get(selects)!.has(dir);
  };
  const named = (environments: typeof judged) => environments.map((environment) => environment.name);
  return (file, dir) => {
    const selecting = off.filter((environment) => environment.selects(file));
    if (selecting.length > 0) return { environments: named(selecting), pruneOff: true };
    if (dir === undefined) return null;
    const pruning = ordered.filter((environment) => deploys(environment.selects, dir));
    const owner = pruning[0];
    if (owner !== undefined) {
      if (owner.name === undefined) return 'mine';
      return { environments: [owner.name], ...runChoicesOf(owner), ...(pruning.length > 1 && { why: 'first' as const }) };
    }
    const offDeploying = off.filter((environment) => deploys(environment.selects, dir));
    return offDeploying.length === 0 ? null : { environments: named(offDeploying), pruneOff: true };
  };
}

/** The directory of the folder a tree file is in: a library panel's `_library/` is its folder's. */
export function folderDirOf(file: string): string {
  const library = file.lastIndexOf(`/${LIBRARY_DIR}/`);
  if (library !== -1) return file.slice(0, library);
  if (file.startsWith(`${LIBRARY_DIR}/`)) return '';
  return parentOf(file);
}
