import { actionId, dashboardActions, folderActions, type Plan } from '../plan/types.js';
import { joinAnd } from './join-and.js';
import { quoteText } from './escape-untrusted.js';
import { deletedInGrafanaByAction, heldFolderEdits, heldTakeovers, notInCloneByAction } from '../apply/unreviewed-drift.js';

type LossPlan = Pick<Plan, 'warnings' | 'actions'>;

/** One thing applying a plan loses in Grafana. */
interface Loss {
  /**
   * `drift`: an edit made in Grafana that the file replaces; `moved-back`: a move whose file holds the live content (drift's
   * `sameContent`: only a move made in Grafana is undone); `moved-home`: the same out of the folder of a directory this run leaves
   * out (its `liveDirectoryLeftOut`: another environment's; the file's directory decides the folder); `move-undone`: a move made in Grafana alone, over a change of the
   * file not applied yet (drift's `movedOnlyIn`: the move is undone, the change applied); `reverted`: a commit HEAD does not contain deployed it
   * (not-in-branch); `taken`: another repository's, in a folder the tree does not hold (not-in-branch's `outside-tree`); `unchecked`: its history could not be read (drift not checked);
   * `not-in-clone`: saved from a commit this clone lacks (an unfetched branch's, or another repository's); `takeover`: the rename of a folder made in
   * Grafana that a _folder.json takes over; `folder-edit`: a folder renamed or moved in Grafana; `recreated`: a create of a dashboard a person deleted
   * in Grafana. The last four are what an apply no one reviewed holds (apply-plan.ts): the terminal asks about them as it does drift.
   */
  how: 'drift' | 'moved-back' | 'moved-home' | 'move-undone' | 'reverted' | 'taken' | 'not-in-clone' | 'takeover' | 'folder-edit' | 'recreated' | 'unchecked' | 'labels' | 'delete';
  kind: 'dashboard' | 'library-panel' | 'folder';
  uid: string;
  title: string;
  /** A delete of what someone edited in Grafana since dashsync pushed it (drift's `pruned`): the edit goes with it. */
  edited?: true;
  /** With `move-undone`: the folder it was moved to in Grafana. */
  movedTo?: string;
  /**
   * A delete of a uid its file changed in place (the delete's `replacedBy`): the new uid, created in its place by the same
   * apply. Where an apply no one reviewed holds that delete (unreviewedHold), it holds the create with it: one change.
   */
  uidChangedTo?: string;
}

/**
 * Pure: what applying `plan` loses in Grafana — the edits made there that it overwrites (its drift warnings), the
 * dashboards it writes whose history could not be read (drift not checked: any edit there is overwritten unseen), and
 * what it deletes, and with `force` the labels and annotations its `/api` saves remove (removesMetadata: skipped
 * without it, so neither their drift nor their unchecked history is counted then).
 */
function findLosses(plan: LossPlan, force: boolean): Loss[] {
  const written = dashboardActions(plan).filter((action) => action.action === 'update' || action.action === 'move');
  const stripping = new Set(written.filter((action) => action.removesMetadata === true).map((action) => action.uid));
  const applied = (uid: string) => force || !stripping.has(uid);
  const unreadHistory = new Set(plan.warnings.flatMap((warning) => (warning.kind === 'drift-not-checked' ? warning.uids : [])));
  // A delete's drift is counted with the delete: it loses the whole dashboard, the edit with it.
  const drifted = new Set(plan.warnings.flatMap((warning) => (warning.kind === 'drift' ? [actionId(warning.resource ?? 'dashboard', warning.uid)] : [])));
  const notInClone = notInCloneByAction(plan);
  const takeovers = heldTakeovers(plan);
  const folderEdits = heldFolderEdits(plan);
  const deletedInGrafana = deletedInGrafanaByAction(plan);
  const folderUpdates = folderActions(plan).filter((action) => action.action === 'update' && action.live !== null);
  const editedDeletes = new Set(plan.warnings.flatMap((warning) => (warning.kind === 'drift' && warning.pruned ? [actionId(warning.resource ?? 'dashboard', warning.uid)] : [])));
  return [
    ...plan.warnings.flatMap((warning): Loss[] =>
      warning.kind === 'drift' && !warning.pruned && (warning.resource === 'library-panel' || applied(warning.uid))
        ? [{ how: driftLoss(warning), kind: warning.resource ?? 'dashboard', uid: warning.uid, title: warning.title, ...(warning.movedOnlyIn !== undefined && warning.liveFolderTitle !== undefined && { movedTo: warning.liveFolderTitle }) }]
        : [],
    ),
    ...plan.warnings.flatMap((warning): Loss[] =>
      warning.kind === 'not-in-branch' && warning.inRepository && (warning.action === 'delete' || applied(warning.uid)) ? [{ how: 'reverted', kind: 'dashboard', uid: warning.uid, title: warning.title }] : [],
    ),
    ...plan.warnings.flatMap((warning): Loss[] =>
      warning.kind === 'not-in-branch' && warning.anotherRepository === 'outside-tree' && warning.action !== 'delete' && applied(warning.uid) ? [{ how: 'taken', kind: 'dashboard', uid: warning.uid, title: warning.title }] : [],
    ),
    // From the maps an apply no one reviewed holds by (unreviewed-drift.ts): what it keeps as a conflict is asked about here. A delete is counted as a delete.
    ...written.filter((action) => notInClone.has(actionId('dashboard', action.uid)) && !drifted.has(actionId('dashboard', action.uid)) && applied(action.uid)).map((action): Loss => ({ how: 'not-in-clone', kind: 'dashboard', uid: action.uid, title: action.title })),
    ...folderUpdates.filter((action) => takeovers.has(action.uid)).map((action): Loss => ({ how: 'takeover', kind: 'folder', uid: action.uid, title: action.live?.title ?? action.title })),
    ...folderUpdates.filter((action) => !takeovers.has(action.uid) && folderEdits.has(action.uid)).map((action): Loss => ({ how: 'folder-edit', kind: 'folder', uid: action.uid, title: action.live?.title ?? action.title })),
    ...dashboardActions(plan).filter((action) => action.action === 'create' && deletedInGrafana.has(actionId('dashboard', action.uid))).map((action): Loss => ({ how: 'recreated', kind: 'dashboard', uid: action.uid, title: action.title })),
    ...written.filter((action) => unreadHistory.has(action.uid) && applied(action.uid)).map((action): Loss => ({ how: 'unchecked', kind: 'dashboard', uid: action.uid, title: action.title })),
    ...(force ? written.filter((action) => stripping.has(action.uid)).map((action): Loss => ({ how: 'labels', kind: 'dashboard', uid: action.uid, title: action.title })) : []),
    ...plan.actions
      .filter((action) => action.action === 'delete')
      .map((action): Loss => ({
        how: 'delete',
        kind: action.kind,
        uid: action.uid,
        title: action.title,
        ...(editedDeletes.has(actionId(action.kind, action.uid)) ? { edited: true as const } : {}),
        ...(action.kind === 'dashboard' && action.replacedBy !== undefined ? { uidChangedTo: action.replacedBy.uid } : {}),
      })),
  ];
}

/** What a drift loses: an edit, a move whose content is the file's, or a move alone over a change of the file not applied yet. */
function driftLoss(warning: Extract<LossPlan['warnings'][number], { kind: 'drift' }>): Loss['how'] {
  return warning.sameContent ? (warning.liveDirectoryLeftOut !== undefined ? 'moved-home' : 'moved-back') : warning.movedOnlyIn !== undefined ? 'move-undone' : 'drift';
}

/** Pure: findLosses in counts (`overwrites 1 dashboard edited in Grafana (drift) and deletes 2 dashboards and 1 folder`); null when it loses nothing. */
export function describeLosses(plan: LossPlan, force: boolean): string | null {
  const losses = findLosses(plan, force);
  const count = (how: Loss['how'], kinds: Loss['kind'][]) => listCounts(kinds.map((kind) => [losses.filter((loss) => loss.how === how && loss.kind === kind).length, NOUN[kind]]));
  const overwritten = count('drift', ['dashboard', 'library-panel']);
  const movedBack = count('moved-back', ['dashboard']);
  const movedHome = count('moved-home', ['dashboard', 'library-panel']);
  const undone = count('move-undone', ['dashboard']);
  const edited = losses.filter((loss) => loss.how === 'delete' && loss.edited).length;
  const uidChanges = losses.filter((loss) => loss.how === 'delete' && loss.uidChangedTo !== undefined).length;
  const reverted = count('reverted', ['dashboard']);
  const taken = count('taken', ['dashboard']);
  const unchecked = count('unchecked', ['dashboard']);
  const notInClone = count('not-in-clone', ['dashboard']);
  const takeovers = count('takeover', ['folder']);
  const folderEdits = count('folder-edit', ['folder']);
  const recreated = count('recreated', ['dashboard']);
  const stripped = count('labels', ['dashboard']);
  const deleted = count('delete', ['dashboard', 'library-panel', 'folder']);
  const parts = [
    overwritten && `overwrites ${overwritten} edited in Grafana (drift)`,
    undone && `moves back ${undone} moved in Grafana (drift)`,
    movedBack && `moves ${movedBack} into the file's folder with the content unchanged (drift: a move made in Grafana is undone)`,
    movedHome && `moves ${movedHome} out of the folder of a directory this run leaves out into the folder of the file's directory, with the content unchanged`,
    reverted && `reverts ${reverted} saved from a commit this branch does not contain (not in this branch)`,
    taken && `takes ${taken} another repository deployed, in a folder this tree does not hold (from another repository)`,
    notInClone && `changes back ${notInClone} saved from a commit this clone does not have (not in this clone: not fetched yet, or another repository's)`,
    takeovers && `renames ${takeovers} made in Grafana that a _folder.json takes over (folder takeover)`,
    folderEdits && `undoes the rename or move of ${folderEdits} made in Grafana (folder drift)`,
    recreated && `recreates ${recreated} a person deleted in Grafana, over the copy its "Recently deleted" keeps`,
    unchecked && `may overwrite ${unchecked} whose edits in Grafana could not be checked (drift not checked)`,
    stripped && `removes the labels and annotations of ${stripped} (saved through /api)`,
    deleted &&
      `deletes ${deleted}${edited > 0 ? `, ${edited} of them edited in Grafana since dashsync pushed ${edited === 1 ? 'it' : 'them'} (drift)` : ''}` +
        (uidChanges > 0 ? `, ${uidChanges} of them ${uidChanges === 1 ? 'a change of uid whose new uid is' : 'changes of uid whose new uids are'} created in ${uidChanges === 1 ? 'its' : 'their'} place (held with the delete where it is held)` : ''),
  ].filter((part) => part !== '');
  return parts.length === 0 ? null : joinAnd(parts);
}

/** How many losses listLosses names one by one; the rest are counted. */
const LISTED = 20;

/**
 * Pure: findLosses one line each (`  overwrites redis-exporter "Redis" (edited in Grafana)`), the first 20 then
 * `  and N more`, for a terminal that does not show the plan (stdout redirected). Not escaped: the caller escapes.
 */
export function listLosses(plan: LossPlan, force: boolean): string[] {
  const losses = findLosses(plan, force);
  const lines = losses.slice(0, LISTED).map((loss) => {
    const what = `${loss.kind === 'dashboard' ? '' : `${NOUN[loss.kind]} `}${loss.uid} ${quoteText(loss.title)}`;
    const reason = loss.edited ? ' (edited in Grafana since dashsync pushed it)' : loss.movedTo !== undefined ? ` (moved in Grafana to ${quoteText(loss.movedTo)})` : REASON[loss.how];
    const uidChange = loss.uidChangedTo === undefined ? '' : ` (its file now gives it uid ${loss.uidChangedTo}, created in its place; held with the delete where it is held)`;
    return `  ${VERB[loss.how]} ${what}${reason}${uidChange}`;
  });
  return losses.length > LISTED ? [...lines, `  and ${losses.length - LISTED} more`] : lines;
}

const NOUN: Record<Loss['kind'], string> = { dashboard: 'dashboard', 'library-panel': 'library panel', folder: 'folder' };
const VERB: Record<Loss['how'], string> = { 'not-in-clone': 'changes back', takeover: 'renames', 'folder-edit': 'undoes the rename or move of', recreated: 'recreates', taken: 'takes', drift: 'overwrites', 'moved-back': 'moves', 'moved-home': 'moves', 'move-undone': 'moves back', reverted: 'reverts', unchecked: 'may overwrite', labels: 'removes the labels and annotations of', delete: 'deletes' };
const REASON: Record<Loss['how'], string> = { 'not-in-clone': ' (saved from a commit this clone does not have)', takeover: ' (made in Grafana: a folder takeover)', 'folder-edit': ' (renamed or moved in Grafana)', recreated: ' (deleted in Grafana by a person)', taken: " (another repository's)", drift: ' (edited in Grafana)', 'moved-back': " into its file's folder (same content: only its folder changes)", 'moved-home': " into the folder of its file's directory, out of one whose directory this run leaves out (same content: only its folder changes)", 'move-undone': ' (moved in Grafana)', reverted: ' (saved from a commit not in this branch)', unchecked: ' (its history could not be read)', labels: ' (saved through /api)', delete: '' };

/** `2 dashboards, 1 library panel and 1 folder`; '' when every count is 0. */
function listCounts(counts: [number, string][]): string {
  const named = counts.filter(([count]) => count > 0).map(([count, noun]) => `${count} ${noun}${count === 1 ? '' : 's'}`);
  return joinAnd(named);
}
