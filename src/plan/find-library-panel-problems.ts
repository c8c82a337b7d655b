import type { PruneScope } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import type { Tree } from '../files/types.js';
import type { LiveLibraryPanel } from '../grafana/port.js';
import { findNameHandovers } from './find-name-handovers.js';
import { quoteText } from '../report/escape-untrusted.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';

/** A diagnostic; `refUid` when it is about a dashboard's reference (the caller positions it in the file). */
export type LibraryPanelProblem = Diagnostic & { refUid?: string };

export interface LibraryPanelProblemsInput {
  tree: Tree;
  /** Every live library element (panels and variables). */
  live: LiveLibraryPanel[];
  external: ReadonlySet<string>;
  scope: PruneScope;
  managedFolders: ReadonlySet<string>;
  /** The live folders config `externalFolders` lists and those below them (foldersListedExternal): no scope prunes a panel there. */
  externalFolders?: ReadonlySet<string>;
  /** The config file in use, as shown to the user (Settings.configFile). */
  configFile: string;
  /** This run's selection, for the pull a refusal advises (runSelectionOf). */
  selection?: RunSelection;
  /**
   * A run of an environment: by the uid of each library panel whose file is outside this run's selection, the other
   * environments that may deploy to this Grafana org whose selection holds the file (config order; none: an empty list),
   * whose apply gives Grafana the panel (orgEnvironmentsSelecting).
   */
  outsideHolders?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Pure: what would break a dashboard or be refused by Grafana, found before anything is written —
 * a dashboard using a library panel that is neither in the tree nor in Grafana (it would render
 * an error, even when config marks it external), or whose only file is outside this run's
 * include/exclude while Grafana lacks it (said so, with the file and the lists); one using a live panel outside the tree that prune would delete (with `--prune all`,
 * or `folders` in a managed folder; external ones excepted); a tree panel whose uid Grafana holds
 * as a library variable, or whose name another live panel outside the tree that prune keeps holds in the same folder;
 * tree panels that take each other's name in a folder (a swap: none can be saved first).
 */
export function findLibraryPanelProblems(input: LibraryPanelProblemsInput): LibraryPanelProblem[] {
  const { tree, external } = input;
  const problems: LibraryPanelProblem[] = [];
  // External, or its file outside this run's selection or behind a directory link: prune keeps it either way.
  const prunable = (panel: LiveLibraryPanel) =>
    !external.has(panel.uid) &&
    !tree.outsideSelection?.libraryPanelUids.has(panel.uid) &&
    !tree.linkedLibraryPanelUids?.has(panel.uid) &&
    (panel.folderUid === null || !input.externalFolders?.has(panel.folderUid)) &&
    (input.scope === 'all' || (input.scope === 'folders' && panel.folderUid !== null && input.managedFolders.has(panel.folderUid)));
  const inTree = new Map(tree.libraryPanels.map((panel) => [panel.uid, panel]));
  const live = new Map(input.live.map((panel) => [panel.uid, panel]));

  for (const dashboard of tree.dashboards) {
    for (const uid of dashboard.libraryPanels) {
      if (inTree.has(uid)) continue;
      const panel = live.get(uid);
      const error = (rule: string, message: string) => problems.push({ file: dashboard.file, severity: 'error', rule, message, refUid: uid });
      const outside = tree.libraryPanelsOutsideSelection;
      const outsideFile = outside?.files.get(uid);
      if (!panel && outsideFile !== undefined) {
        error(
          'library-panel-outside-selection',
          `uses library panel "${uid}", whose file ${outsideFile} is outside this run's selection (${outside!.selection}), and Grafana does not have it yet: ` +
            applyFirst(input.outsideHolders?.get(uid), input.selection),
        );
      } else if (!panel || panel.kind !== 1) {
        const listed = external.has(uid) ? ' (it is listed under "externalLibraryPanels", but Grafana does not have it)' : '';
        error(
          'library-panel-missing',
          `uses library panel "${uid}", which is neither in the tree (a _library/ directory) nor in Grafana${listed}: add its file (an export's __elements: run dashsync check --fix), or fix the reference`,
        );
      } else if (prunable(panel)) {
        error(
          'library-panel-not-in-tree',
          `uses library panel "${uid}" (${quoteText(panel.name)}), which is in Grafana but not in the tree, where prune (${input.scope}) would delete it: ` +
            `add its file (${renderNextCommand(input.selection, ['pull', uid])} writes it), or list it under "externalLibraryPanels" in ${input.configFile}; ` +
            'to delete the panel, take it out of this dashboard',
        );
      }
    }
  }

  const liveNames = new Map<string, LiveLibraryPanel>();
  for (const panel of input.live) if (panel.kind === 1 && !inTree.has(panel.uid)) liveNames.set(`${panel.folderUid ?? ''}\u0000${panel.name}`, panel);
  for (const panel of tree.libraryPanels) {
    const existing = live.get(panel.uid);
    if (existing && existing.kind !== 1) {
      problems.push({ file: panel.file, severity: 'error', rule: 'library-uid-taken', message: `uid "${panel.uid}" belongs to a library variable in Grafana (kind ${existing.kind}); choose another uid` });
    }
    // One prune would delete gives the name up in the plan (decideLibraryPanels orders that delete first, or warns).
    const other = liveNames.get(`${panel.folderUid ?? ''}\u0000${panel.name}`);
    if (other && !prunable(other)) {
      problems.push({
        file: panel.file,
        severity: 'error',
        rule: 'library-name-taken',
        message: `library panel ${other.uid} in Grafana already has the name ${quoteText(panel.name)} in this folder (not in the tree), and Grafana refuses two of one name: rename one, or add ${other.uid} to the tree`,
      });
    }
  }
  problems.push(...findNameRings(tree, live));
  return problems;
}

/**
 * The way out for a panel whose file another run selects: the apply of the first environment that may deploy to this
 * Grafana org whose selection holds the file (`holders`), as a command; none (those that select it deploy elsewhere): only
 * this run's selection.
 */
function applyFirst(holders: readonly string[] | undefined, selection: RunSelection | undefined): string {
  const widen = "make this run's selection include it";
  if (holders === undefined) return `apply it first in the run (environment) whose selection holds that file, or ${widen}`;
  const [first] = holders;
  if (first === undefined) return `no other environment that may deploy to this Grafana org selects that file: ${widen}`;
  const others = holders.length > 1 ? ` (or ${holders.slice(1).join(', ')})` : '';
  // Where this run deploys, not what it selects or deletes: that environment's own selection and prune apply.
  const { include, exclude, prune, deleteMode, maxDeletes, ...place } = selection ?? {};
  return `apply environment ${first}${others} first, whose selection holds that file (${renderNextCommand({ ...place, environment: first }, ['apply'])}), or ${widen}`;
}

/** Tree panels that would each take the folder and name another of them has in Grafana now, in a ring: Grafana refuses whichever is saved first. */
function findNameRings(tree: Tree, live: Map<string, LiveLibraryPanel>): LibraryPanelProblem[] {
  const placed = tree.libraryPanels.map((panel) => {
    const current = live.get(panel.uid);
    return { ...panel, live: current && current.kind === 1 ? { folderUid: current.folderUid, name: current.name } : null };
  });
  const byUid = new Map(placed.map((panel) => [panel.uid, panel]));
  const { waitsFor, cycles } = findNameHandovers(placed);
  return cycles.map((ring) => {
    const steps = ring.map((uid) => {
      const panel = byUid.get(uid)!;
      const moved = panel.folderUid !== panel.live?.folderUid ? ` in folder ${panel.folderUid ?? 'General'}` : '';
      return `${uid} takes ${quoteText(panel.name)}${moved} from ${waitsFor.get(uid)}`;
    });
    return {
      file: byUid.get(ring[0]!)!.file,
      severity: 'error' as const,
      rule: 'library-name-swap',
      message:
        `library panels ${ring.join(', ')} would take each other's name (${steps.join('; ')}), and Grafana allows a name once per folder, so none of them can be saved first: ` +
        'give one of them a name no panel has, apply, then give it its final name',
    };
  });
}
