import type { Settings } from '../config/types.js';
import { diffDashboards } from '../diff/diff-dashboards.js';
import { GrafanaHttpError, PlanFileError, SaveUnconfirmedError } from '../errors.js';
import type { GrafanaPort, LiveLibraryPanel, ReplacedSave, WriteTally } from '../grafana/port.js';
import { savedAgainSincePlan } from '../grafana/saved-again-at-version.js';
import { normalizeLibraryPanel, type LibraryPanelContent } from '../normalize/normalize-library-panel.js';
import { readDesiredLibraryPanel } from '../plan/read-desired-library-panel.js';
import type { LibraryPanelAction } from '../plan/types.js';
import { mayHaveLanded, readBack } from './read-back.js';
import { ALREADY_THERE } from './save-dashboard-action.js';
import type { ApplyConflict, ForcedOver } from './types.js';
import { planAgain } from '../report/plan-again.js';
import { refusalOf } from '../grafana/save-refusal.js';
import { sameNameIn } from './same-name-panel.js';

/** What Grafana holds once a save landed or was found done: the file's text as pushed, at that version of the panel (the library panel record's entry). */
interface HeldPanelText {
  text: string;
  version: number;
}

export type LibraryPanelSaveResult =
  /** `forcedOver`: a --force save that replaced a version the plan did not see. `holds`: absent where the read back gave no version. */
  | { kind: 'saved'; forcedOver?: ForcedOver; holds?: HeldPanelText }
  /** Grafana already held exactly this in the intended folder: nothing was changed by this run. */
  | { kind: 'unchanged'; message: string; holds: HeldPanelText }
  | { kind: 'conflict'; conflict: ApplyConflict }
  /** The save went out and Grafana stopped answering before it could be read back: it may or may not have landed. */
  | { kind: 'unknown'; error: unknown };

/**
 * Pushes one library panel create/update/move into its folder, expecting the version the plan
 * saw (any with --force): Grafana refuses (412; 400 for a create whose uid exists) a panel that
 * changed since, and that is a conflict — unless Grafana already holds exactly what we wanted in
 * the intended folder: refused at the first send, someone else put it there (this plan applied
 * before, or another run): `unchanged`; refused on a resend, our own earlier send landed: `saved`.
 * A send that failed but may have landed is read back: `saved` when it did, `unknown` when Grafana
 * cannot be read either. A saved plan's update reads the panel first: at the planned version, yet another save than the
 * plan saw (savedAgainSincePlan: Grafana's database restored from a backup gives the numbers out again), it is a conflict,
 * which the version sent would not catch. `planJustMade`: the plan's reads are seconds old, so it is not read for again.
 */
export async function saveLibraryPanelAction(
  action: LibraryPanelAction,
  context: { grafana: GrafanaPort; settings: Pick<Settings, 'cwd' | 'inputs'>; force: boolean; planJustMade?: boolean },
  tally: WriteTally,
): Promise<LibraryPanelSaveResult> {
  if (!action.file) throw new PlanFileError(`the plan has no file for library panel ${action.uid}`, planAgain({ review: false }));
  const desired = readDesiredLibraryPanel(action.file, context.settings);
  if (desired.hash !== action.contentHash) {
    throw new PlanFileError(`${action.file} changed since the plan was made`, planAgain({ review: true }));
  }
  const { content } = desired;
  const holdsDesired = (live: LiveLibraryPanel | null): live is LiveLibraryPanel => libraryPanelHolds(live, content, action.folderUid);
  const held = (version: number): HeldPanelText => ({ text: desired.text, version });
  const expect = context.force ? 'any' : (action.live?.revision ?? 'absent');
  if (!context.force && context.planJustMade !== true && action.live !== null) {
    const current = await context.grafana.getLibraryPanel(content.uid);
    const savedAgain = current === null ? null : libraryPanelSavedAgainConflict(action, current);
    if (savedAgain !== null) return holdsDesired(current) ? { kind: 'unchanged', message: ALREADY_THERE, holds: held(current.version) } : { kind: 'conflict', conflict: savedAgain };
  }
  let saved;
  try {
    saved = await context.grafana.saveLibraryPanel({ uid: content.uid, name: content.name, model: content.model, folderUid: action.folderUid, expect }, tally);
  } catch (error) {
    // A create refused for a uid no panel these credentials can read holds: nobody changed anything after the plan (fixe-73 left).
    if (action.action === 'create' && (await refusedForUnreadUid(context.grafana, error, content, action.folderUid, tally))) {
      return { kind: 'conflict', conflict: { ...libraryPanelConflict(action, null), createRefusedUnread: refusalOf(error as GrafanaHttpError) } };
    }
    if (!mayHaveLanded(error)) throw error;
    // Its answer did not show it, and reading it back met no answer: Grafana is gone (the run stops), so no second read.
    if (error instanceof SaveUnconfirmedError && error.readBackUnreachable !== undefined) return { kind: 'unknown', error };
    let found: HeldPanelText | undefined;
    const landed = await readBack(error, async () => {
      const live = await context.grafana.getLibraryPanel(content.uid, tally);
      if (holdsDesired(live)) found = held(live.version);
      return found !== undefined;
    });
    if (landed === null) return { kind: 'unknown', error };
    if (landed) return { kind: 'saved', ...(found !== undefined && { holds: found }) };
    // Answered 2xx in words that do not show it, and another version there: this save saved over since, or never made.
    if (error instanceof SaveUnconfirmedError) return { kind: 'unknown', error };
    throw error;
  }
  if (saved.kind === 'saved') return saved.replaced !== undefined && !isPlannedSave(action, saved.replaced) ? { kind: 'saved', forcedOver: saved.replaced, holds: held(saved.version) } : { kind: 'saved', holds: held(saved.version) };
  if (holdsDesired(saved.current)) return saved.retried ? { kind: 'saved', holds: held(saved.current.version) } : { kind: 'unchanged', message: ALREADY_THERE, holds: held(saved.current.version) };
  return { kind: 'conflict', conflict: libraryPanelConflict(action, saved.current) };
}

/**
 * Whether Grafana refused a create as taken (its 400 "library element with that name or UID already exists", or a 409 from
 * something in front of it) at its first send, while no panel is readable under the uid (the port reads it after a 400) nor
 * holds the name in the folder: the uid is held where these credentials cannot read (a folder they may not see).
 */
async function refusedForUnreadUid(grafana: GrafanaPort, error: unknown, content: Pick<LibraryPanelContent, 'uid' | 'name'>, folderUid: string | null, tally: WriteTally): Promise<boolean> {
  if (!(error instanceof GrafanaHttpError) || error.earlierSendMayHaveLanded) return false;
  if (error.status !== 409 && !(error.status === 400 && /already exists/i.test(error.grafanaMessage))) return false;
  if (error.status === 409 && (await grafana.getLibraryPanel(content.uid, tally)) !== null) return false;
  return (await sameNameIn(grafana, folderUid, content.name)) === undefined;
}

/** Whether the save a --force write replaced is the one the plan saw (its version, and that save's time). Pure. */
function isPlannedSave(action: LibraryPanelAction, replaced: ReplacedSave): boolean {
  return action.live !== null && action.live.version === replaced.version && !savedAgainSincePlan(action.live, { version: replaced.version, lastSave: replaced });
}

/** Whether Grafana holds exactly this library panel content (its name and model, as the plan compares them) in that folder. */
export function libraryPanelHolds(live: LiveLibraryPanel | null, content: Pick<LibraryPanelContent, 'name' | 'model'>, folderUid: string | null): boolean {
  if (!live || live.folderUid !== folderUid) return false;
  const now = normalizeLibraryPanel(live);
  return diffDashboards({ name: now.name, model: now.model }, { name: content.name, model: content.model }).length === 0;
}

/**
 * The conflict of a panel at the planned version that is yet another save than the plan saw (savedAgainSincePlan: Grafana's
 * database restored from a backup gives the numbers out again), which the version sent would not catch; null when it is not.
 */
export function libraryPanelSavedAgainConflict(action: LibraryPanelAction, current: LiveLibraryPanel): ApplyConflict | null {
  return savedAgainSincePlan(action.live, current) ? { ...libraryPanelConflict(action, current), versionSavedAgain: true } : null;
}

/** What the plan expected against what Grafana has now. */
export function libraryPanelConflict(action: LibraryPanelAction, current: LiveLibraryPanel | null): ApplyConflict {
  return {
    uid: action.uid,
    title: action.title,
    action: `library-panel-${action.action}`,
    file: action.file,
    plannedVersion: action.live?.version ?? null,
    currentVersion: current?.version ?? null,
    // '' (a saver whose account is gone: libraryelements' LEFT JOIN) is said as such (describeSaver).
    changedBy: current === null ? null : current.lastSave.by,
    changedAt: current?.lastSave.at || null,
    currentTitle: current?.name ?? null,
    plannedTitle: action.live?.name ?? null,
  };
}
