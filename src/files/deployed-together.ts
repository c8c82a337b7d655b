import { parentOf } from './tree-paths.js';
import { treePathSelector } from './select-tree-paths.js';

/** An include/exclude that is deployed as one (an environment's), by name. */
export type DeployedSelections = Record<string, { include: string[]; exclude: string[] }>;

/**
 * Something of the tree a Grafana receives: a file (root-relative, `/`-separated, what globs match), or a folder's
 * directory (root-relative, '' = the root), which an environment deploys when it selects a file below it.
 */
type Deployable = { file: string } | { dir: string };

/**
 * Whether two things of the tree reach one Grafana: the environments that deploy both, in the config's order; `[]` when
 * there are no environments to judge by (one deployment holds everything); undefined when none deploys both.
 */
export type DeployedTogether = (a: Deployable, b: Deployable) => string[] | undefined;

/**
 * Pure: the judge of `check` with environments and none chosen (each environment's selection is one deployment), over
 * the files the tree read (`treeFiles`). Without `selections`, everything is deployed together. Each environment's
 * selection is worked out on first use only, by the walk's own rules (treePathSelector): a tree without clashes pays nothing.
 */
export function judgeDeployedTogether(treeFiles: readonly string[], selections: DeployedSelections | undefined): DeployedTogether {
  if (selections === undefined) return () => [];
  let byPlace: Map<string, string[]> | undefined;
  const environmentsOf = (place: Deployable): string[] => {
    byPlace ??= environmentsByPlace(treeFiles, selections);
    return byPlace.get('file' in place ? `f:${place.file}` : `d:${place.dir}`) ?? [];
  };
  return (a, b) => {
    const mine = environmentsOf(a);
    const both = environmentsOf(b).filter((name) => mine.includes(name));
    return both.length > 0 ? both : undefined;
  };
}

/** Keyed `f:<file>` and `d:<dir>`: each file's environments, and each directory's (those of the files below it). */
function environmentsByPlace(treeFiles: readonly string[], selections: DeployedSelections): Map<string, string[]> {
  const byPlace = new Map<string, string[]>();
  const add = (key: string, name: string) => {
    const names = byPlace.get(key);
    if (names === undefined) byPlace.set(key, [name]);
    else if (names.at(-1) !== name) names.push(name);
  };
  const select = treePathSelector(treeFiles);
  for (const [name, { include, exclude }] of Object.entries(selections)) {
    for (const file of select(include, exclude)) {
      add(`f:${file}`, name);
      for (let dir = parentOf(file); ; dir = parentOf(dir)) {
        add(`d:${dir}`, name);
        if (dir === '') break;
      }
    }
  }
  return byPlace;
}

/** How a message names another file of a clash: with the environments that deploy both, when there are any to name. */
export function describeDeployedWith(file: string, environments: readonly string[]): string {
  return environments.length === 0 ? file : `${file} (both selected by environment${environments.length === 1 ? '' : 's'} ${environments.join(', ')})`;
}

/** The environments a clash with `others` holds for, all of them once (none: no environments to judge by), as a diagnostic carries them. */
export function clashEnvironments(others: readonly { environments?: readonly string[] }[]): { environments?: string[] } {
  const names = [...new Set(others.flatMap((other) => other.environments ?? []))];
  return names.length === 0 ? {} : { environments: names };
}
