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
 * The environments that bring two things of the tree into one Grafana org, in the config's order: each deploys both, or
 * (`sharedOrg`) each deploys one of them and all of them deploy to one org (Settings.environmentsSharingOrg). Where some
 * deploy both and, apart from them, environments of one org each deploy one (the first such org), those come after, named
 * in `inOneOrg` too.
 */
type DeployingEnvironments = string[] & { sharedOrg?: true; inOneOrg?: string[] };

/**
 * Whether two things of the tree reach one Grafana: the environments that deploy them there; `[]` when there are no
 * environments to judge by (one deployment holds everything); undefined when they never meet.
 */
export type DeployedTogether = (a: Deployable, b: Deployable) => DeployingEnvironments | undefined;

/**
 * Pure: the judge of `check` with environments and none chosen (each environment's selection is one deployment, and so
 * are the selections of the environments of one org together: `sharingOrg`), over the files the tree read (`treeFiles`).
 * Without `selections`, everything is deployed together. Each environment's selection is worked out on first use only,
 * by the walk's own rules (treePathSelector): a tree without clashes pays nothing.
 */
export function judgeDeployedTogether(treeFiles: readonly string[], selections: DeployedSelections | undefined, sharingOrg: readonly string[][] = []): DeployedTogether {
  if (selections === undefined) return () => [];
  const environmentsOf = environmentsDeploying(treeFiles, selections);
  const order = Object.keys(selections);
  const inOrder = (names: string[]) => names.sort((x, y) => order.indexOf(x) - order.indexOf(y));
  return (a, b) => {
    const mine = environmentsOf(a);
    const theirs = environmentsOf(b);
    const both = theirs.filter((name) => mine.includes(name));
    // Environments of one org that meet there, one bringing each: apart from those that deploy both, which are named already.
    const meetings = sharingOrg
      .map((group) => group.filter((name) => !both.includes(name) && (mine.includes(name) || theirs.includes(name))))
      .filter((meeting) => meeting.some((name) => mine.includes(name)) && meeting.some((name) => theirs.includes(name)));
    if (both.length > 0) {
      const inOneOrg = meetings.length === 0 ? [] : inOrder(meetings[0]!);
      return inOneOrg.length === 0 ? both : Object.assign([...both, ...inOneOrg], { inOneOrg });
    }
    return meetings.length === 0 ? undefined : Object.assign(inOrder(meetings[0]!), { sharedOrg: true as const });
  };
}

/**
 * Pure: which environments (their selections) deploy a file of the tree (root-relative, what globs match) or a folder's
 * directory, in the config's order. The selections are worked out on first use only.
 */
export function environmentsDeploying(treeFiles: readonly string[], selections: DeployedSelections): (place: Deployable) => string[] {
  let byPlace: Map<string, string[]> | undefined;
  return (place) => {
    byPlace ??= environmentsByPlace(treeFiles, selections);
    return byPlace.get('file' in place ? `f:${place.file}` : `d:${place.dir}`) ?? [];
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
export function describeDeployedWith(file: string, environments: readonly string[] & { readonly sharedOrg?: true; readonly inOneOrg?: readonly string[] }): string {
  if (environments.length === 0) return file;
  if (environments.sharedOrg) return `${file} (selected by ${inSameOrg(environments)})`;
  const inOneOrg = environments.inOneOrg ?? [];
  const both = environments.filter((name) => !inOneOrg.includes(name));
  const alsoOrg = inOneOrg.length === 0 ? '' : `, and selected by ${inSameOrg(inOneOrg)}`;
  return `${file} (both selected by ${namedEnvironments(both)}${alsoOrg})`;
}

function namedEnvironments(names: readonly string[]): string {
  return `environment${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
}

function inSameOrg(names: readonly string[]): string {
  return `${namedEnvironments(names)}, which deploy${names.length === 1 ? 's' : ''} to the same Grafana org`;
}

/** The environments a clash with `others` holds for, all of them once (none: no environments to judge by), as a diagnostic carries them. */
export function clashEnvironments(others: readonly { environments?: readonly string[] }[]): { environments?: string[] } {
  const names = [...new Set(others.flatMap((other) => other.environments ?? []))];
  return names.length === 0 ? {} : { environments: names };
}
