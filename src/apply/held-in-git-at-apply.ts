import { resolve } from 'node:path';
import type { CommittedVersions } from '../git/read-committed-versions.js';
import type { LastSave } from '../grafana/port.js';
import { selectDriftCandidates } from '../plan/decide-drift.js';
import { findDashboardsHeld, readComparedVersions, readConfiguredInputs, type ConfiguredInputs, type DriftCandidate } from '../plan/find-held-in-git.js';
import type { VariantFile } from '../plan/find-variant-files.js';
import { dashboardActions, folderActions, type DashboardAction, type Plan } from '../plan/types.js';

/** How many files of the updates and moves checked at apply are read from git together. */
const HELD_AT_APPLY_BATCH = 50;

export type HeldAtApplyPort = Parameters<typeof findDashboardsHeld>[2];
export type HeldAtApplySettings = Parameters<typeof findDashboardsHeld>[3];

/** Whether a commit of its file holds the live version of an update or move someone other than dashsync saved last (`save`). */
export type HeldInGitAtApply = (grafana: HeldAtApplyPort, action: DashboardAction, save: LastSave) => Promise<boolean>;

/**
 * HeldInGitAtApply for the updates and moves of `plan` whose drift the apply checks (`checked`, by uid), judged as the
 * plan's findHeldInGit judges them. git is read per batch, not per dashboard: the first one asked about reads the config's
 * history (once per run) and the last commits of its batch's files (HELD_AT_APPLY_BATCH of them, in the plan's order), and
 * the others of that batch take the same read. It was a findHeldInGit per dashboard someone else saved: eight git
 * processes or more each, every one walking the history. A batch with no such dashboard reads nothing.
 */
export function heldInGitAtApply(
  plan: Pick<Plan, 'actions'>,
  settings: HeldAtApplySettings,
  checked: ReadonlySet<string>,
  /** A run of one environment: the tree's other files holding a uid (createTreeVariantFiles), compared as the plan compares them. */
  variantsOf?: (uid: string, own: string) => Promise<readonly VariantFile[]>,
): HeldInGitAtApply {
  const absolute = (file: string) => resolve(settings.cwd, file);
  const batched = dashboardActions(plan).filter((action) => (action.action === 'update' || action.action === 'move') && action.file !== null && checked.has(action.uid));
  const batchOf = new Map(batched.map((action, index) => [action.uid, Math.floor(index / HELD_AT_APPLY_BATCH)]));
  const folderOfDir = new Map<string, string | null>([['', null], ...folderActions(plan).flatMap((folder) => (folder.dir === null ? [] : [[folder.dir, folder.uid] as const]))]);
  let configured: Promise<ConfiguredInputs> | undefined;
  const configuredInputs = () => (configured ??= readConfiguredInputs(settings));
  const read = new Map<number, Promise<CommittedVersions | null>>();
  const versionsOf = (actions: DashboardAction[]) => {
    const files = actions.map((action) => absolute(action.file!));
    // A move's versions come with the `_folder.json` their commit had beside them: which folder their directory stood for then.
    const moved = new Set(actions.filter((action) => action.live !== null && action.live.folderUid !== action.folderUid && action.liveDirectoryLeftOut === undefined).map((action) => absolute(action.file!)));
    return configuredInputs().then(({ formerPaths }) => readComparedVersions(files, { moved, libraryFiles: new Set(), formerPaths }, settings));
  };
  const batchRead = (action: DashboardAction) => {
    const batch = batchOf.get(action.uid);
    if (batch === undefined) return versionsOf([action]);
    if (!read.has(batch)) read.set(batch, versionsOf(batched.slice(batch * HELD_AT_APPLY_BATCH, (batch + 1) * HELD_AT_APPLY_BATCH)));
    return read.get(batch)!;
  };
  // An update (not a move, not a restore) whose file was copied from another environment's variant and changed in git: that
  // variant's versions, read only for it (the tree's uids at the first such question), as the plan's findHeldInGit reads them.
  const variantVersionsOf = async (action: DashboardAction, candidate: DriftCandidate, formerPaths: readonly string[]) => {
    if (variantsOf === undefined || candidate.restored || (candidate.liveFolderUid !== candidate.folderUid && candidate.liveFolderLeftOut !== true)) return [];
    const variants = await variantsOf(action.uid, action.file!);
    if (variants.length === 0) return [];
    const read = await readComparedVersions(variants.map((variant) => variant.absPath), { moved: new Set(), libraryFiles: new Set(), formerPaths }, settings);
    return variants.flatMap((variant) => (read?.versions.get(variant.absPath) ?? []).map((version) => ({ version, file: variant.file })));
  };
  return async (grafana, action, save) => {
    const candidates = selectDriftCandidates([action], new Map([[action.uid, save]]));
    if (candidates.length === 0) return false;
    const committed = await batchRead(action);
    if (committed === null) return false;
    const { inputs, formerPaths } = await configuredInputs();
    const versionsOf = (file: string) => committed.versions.get(absolute(file));
    const own = await findDashboardsHeld(candidates, versionsOf, grafana, settings, (dir) => folderOfDir.get(dir), undefined, inputs);
    if (own.held.has(action.uid)) return true;
    const variants = await variantVersionsOf(action, candidates[0]!, formerPaths);
    if (variants.length === 0) return false;
    const { held } = await findDashboardsHeld(candidates, versionsOf, grafana, settings, (dir) => folderOfDir.get(dir), undefined, inputs, () => variants);
    return held.has(action.uid);
  };
}
