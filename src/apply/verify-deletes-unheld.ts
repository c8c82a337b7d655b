import { relative, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';
import type { Settings } from '../config/types.js';
import { PlanFileError } from '../errors.js';
import { readTreeUidsOf, type TreeProblem, type TreeUids } from '../files/read-tree-uids.js';
import type { Plan, PlanAction } from '../plan/types.js';
import { judgeDeployedElsewhere, type ElsewhereSettings } from '../plan/set-apart-deployed-elsewhere.js';
import { toSlashes } from '../files/tree-paths.js';
import { planAgain } from '../report/plan-again.js';

const SHOWN = 5;
const AGAIN = planAgain({ review: true });

/**
 * A saved plan deletes what had no file when it was made. A file holding one of those uids now (another pull request
 * adopted the dashboard with dashsync pull, merged and applied first) makes the delete wrong: the next plan would create
 * it again as a new dashboard, its history gone. Every delete is checked before the first write, and one held refuses
 * the whole plan, as a pushed file that changed does (verifyPlanFiles): a plan whose tree moved on is made again, not
 * applied in part. The whole tree is read, whatever the selection, as prune reads it.
 */
export async function verifyDeletesUnheld(plan: Pick<Plan, 'actions' | 'root'>, settings: ElsewhereSettings & Partial<Pick<Settings, 'configFile'>>): Promise<void> {
  const { cwd } = settings;
  const deletes = plan.actions.filter((action) => action.action === 'delete');
  if (deletes.length === 0) return;
  const root = resolve(cwd, plan.root);
  const read = await readTreeUidsOf(root, cwd);
  const what = `the plan deletes ${deletes.length === 1 ? describeAction(deletes[0]!) : `${deletes.length} dashboards, library panels or folders`}`;
  if (read.kind === 'no-tree') {
    const holds = deletes.length === 1 ? 'it' : 'one';
    throw new PlanFileError(`${what}, and its tree ${plan.root} is not here to show that no file holds ${holds} now`, `Apply it where it was made (with ${plan.root} in the working directory)`);
  }
  if (read.kind === 'unreadable') throw unknowable(what, deletes, read.problem);
  const folderProblem = deletes.some((action) => action.kind === 'folder') ? read.uids.folderProblem : undefined;
  if (folderProblem !== undefined) throw unknowable(what, deletes.filter((action) => action.kind === 'folder'), folderProblem);
  const stillElsewhere = stillDeployedElsewhere(deletes, read.uids, root, settings);
  const held = deletes.flatMap((action) => {
    const holder = holderOf(action, read.uids);
    if (holder === undefined) return [];
    // Planned as a delete of a dashboard only environments of other Grafana orgs deploy: still so, it goes.
    return action.kind === 'dashboard' && stillElsewhere.has(action.uid) ? [] : [{ action, holder }];
  });
  if (held.length === 0) return;
  if (held.length === 1) {
    const { action, holder } = held[0]!;
    const since = action.kind === 'dashboard' && action.deployedElsewhere !== undefined ? `for this Grafana org (the tree or ${settings.configFile ?? DEFAULT_CONFIG_FILE} changed since the plan was made)` : '(added since the plan was made)';
    throw new PlanFileError(`the plan deletes ${describeAction(action)}, but ${holder} holds it now ${since}`, AGAIN);
  }
  const named = held.slice(0, SHOWN).map(({ action, holder }) => `${describeAction(action)}: ${holder}`);
  throw new PlanFileError(`the plan deletes ${held.length} that the tree holds now (${named.join(', ')}${held.length > SHOWN ? ', …' : ''})`, AGAIN);
}

/**
 * Of the deletes planned as of dashboards only environments of other Grafana orgs deploy (`deployedElsewhere`), the uids still
 * so: every file of the tree that holds one now is selected by such environments only (judgeDeployedElsewhere, with this run's config).
 */
function stillDeployedElsewhere(deletes: readonly PlanAction[], uids: TreeUids, root: string, settings: ElsewhereSettings): Set<string> {
  const marked = deletes.filter((action) => action.kind === 'dashboard' && action.deployedElsewhere !== undefined).map((action) => action.uid);
  if (marked.length === 0) return new Set();
  const rootPath = (file: string) => toSlashes(relative(root, resolve(settings.cwd, file)));
  const holders = new Map(marked.map((uid) => [uid, [uids.dashboards.get(uid), ...(uids.moreDashboardHolders?.get(uid) ?? [])].filter((file): file is string => file !== undefined).map(rootPath)]));
  const judge = judgeDeployedElsewhere(settings, [...holders.values()].flat());
  return new Set(marked.filter((uid) => holders.get(uid)!.every((path) => judge(path) !== null)));
}

/**
 * The refusal when a file of the tree names no uid (or the tree cannot be listed): the file's problem first, where check
 * puts it (`file:line:col: …`), then what it means for the plan's deletes; one sentence each, nothing nested.
 */
function unknowable(what: string, deletes: readonly PlanAction[], problem: TreeProblem): PlanFileError {
  const step = planAgain({ review: false, fixFileFirst: true });
  const deleted = deletes.length === 1 ? `${describeAction(deletes[0]!)}, which the plan deletes,` : `one of the ${deletes.length} dashboards, library panels or folders the plan deletes`;
  if (problem.file === undefined) return new PlanFileError(`${what}, and whether a file of the tree holds ${deletes.length === 1 ? 'it' : 'one'} now cannot be told: ${problem.message}`, step);
  const where = `${problem.file}${problem.line !== undefined ? `:${problem.line}:${problem.col ?? 1}` : ''}`;
  return new PlanFileError(`${where}: ${problem.message}. Whether this file holds ${deleted} cannot be told`, step);
}

/** The file (or, for a folder, the directory) of the tree that holds the uid this delete removes. */
function holderOf(action: PlanAction, uids: TreeUids): string | undefined {
  if (action.kind === 'dashboard') return uids.dashboards.get(action.uid);
  if (action.kind === 'library-panel') return uids.libraryPanels.get(action.uid);
  return uids.folders?.get(action.uid);
}

function describeAction(action: PlanAction): string {
  return `${action.kind === 'library-panel' ? 'library panel' : action.kind} ${action.uid}`;
}
