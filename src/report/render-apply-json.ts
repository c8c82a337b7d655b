import { nothingApplied, type ApplyEvent, type ApplyResult } from '../apply/types.js';
import type { Plan, PlanAction, PlanSummary, ResourceKind } from '../plan/types.js';
import { DASHSYNC_VERSION } from '../version.js';
import { renderJsonLine as line } from './json-lines.js';
import { describeApplyEvent } from './render-apply-event.js';
import type { RunSelection } from './next-command.js';
import { describeFailureCounts, renderApplySummary, renderBackupsWritten, renderConflict, renderFailure, renderNothingToApply, renderUnknown } from './render-apply-result.js';
import { toRetriedJson, type RetrySummary } from './retry-count.js';
import { shorten } from './shorten-path.js';

/**
 * apply's JSON Lines (`dashsync apply --format json`), documented in docs/apply-json.md and versioned on its own: one
 * object per line, each written the moment it is known, the last one `{"type":"result"}`. Every line is built from the
 * data the text log is built from (its `text` is the text line's words, unescaped), so the two cannot disagree.
 */
const APPLY_JSON_FORMAT_VERSION = 1;

/** The event types of the stream, by the outcome they report (an action not started has no event: the result lists it). */
const EVENT_TYPES: Record<ApplyEvent['outcome'], string | null> = {
  created: 'created',
  updated: 'updated',
  moved: 'moved',
  deleted: 'deleted',
  held: 'held',
  unchanged: 'unchanged',
  'backed-up': 'backup',
  warning: 'warning',
  renamed: 'renamed',
  skipped: 'skipped',
  conflict: 'conflict',
  failed: 'failed',
  unknown: 'unknown',
  'not-started': null,
};

/** The plan's actions by kind and uid: what an event's line adds from the plan (the folder, the version before). */
export type PlannedActions = ReadonlyMap<string, PlanAction>;

export function indexPlannedActions(plan: Plan): PlannedActions {
  const index = new Map<string, PlanAction>();
  for (const action of plan.actions) if (action.action !== 'noop') index.set(`${action.kind}\u0000${action.uid}`, action);
  return index;
}

/** The first line: which plan is applied, what it holds, and its warnings (as plan's JSON has them: what a CI log must not lose). */
export function renderApplyPlanLine(plan: Plan, source: 'planned' | 'saved', planFile: string | undefined): string {
  return line({
    type: 'plan',
    formatVersion: APPLY_JSON_FORMAT_VERSION,
    output: 'dashsync apply --format json',
    tool: { name: 'dashsync', version: DASHSYNC_VERSION },
    source,
    planFile: planFile ?? null,
    environment: plan.target.environment ?? null,
    changes: plan.actions.filter((action) => action.action !== 'noop').length,
    summary: plan.summary,
    warnings: plan.warnings,
  });
}

/** One outcome as it happens; null for an action not started. `cwd` shortens backup paths, as the text log does. */
export function renderApplyEventLine(event: ApplyEvent, planned: PlannedActions, cwd: string, selection?: RunSelection, planFile?: string): string | null {
  const type = EVENT_TYPES[event.outcome];
  const text = describeApplyEvent(event, cwd, 'cli', selection, planFile);
  if (type === null || text === null) return null;
  const action = planned.get(`${event.kind}\u0000${event.uid}`);
  return line({
    type,
    kind: event.kind,
    action: event.action,
    uid: event.uid,
    title: event.title,
    file: event.file,
    ...placeOf(action),
    versionBefore: event.versionBefore ?? (action && action.kind !== 'folder' ? (action.live?.version ?? null) : null),
    versionAfter: event.version ?? null,
    ...(event.message !== undefined && { message: event.message }),
    ...(event.backup !== undefined && { backup: shorten(event.backup, cwd) }),
    ...(event.forcedOver && { forcedOver: event.forcedOver }),
    ...(event.readBackCut && { readBackCut: true }),
    ...(event.answered && { answered: true }),
    ...(event.folderChange?.titleBefore !== undefined && { titleBefore: event.folderChange.titleBefore }),
    ...(event.conflict && { conflict: event.conflict }),
    text,
  });
}

/** Where the action puts it, and where it was when that differs: a folder's parent, a dashboard's or library panel's folder (null = top level, General). */
function placeOf(action: PlanAction | undefined): object {
  if (action === undefined) return {};
  if (action.kind === 'folder') {
    const before = action.live?.parentUid;
    return { parentUid: action.parentUid, ...(before !== undefined && before !== action.parentUid && { parentUidBefore: before }) };
  }
  const before = action.live?.folderUid;
  return { folderUid: action.folderUid, ...(before !== undefined && before !== action.folderUid && { folderUidBefore: before }) };
}

type Counts = Record<'created' | 'updated' | 'moved' | 'deleted' | 'unchanged' | 'skipped', number>;

function countsOf(result: ApplyResult): Record<'dashboards' | 'folders' | 'libraryPanels', Counts> {
  const skipped = (kind: ResourceKind) => result.skipped.filter((skip) => skip.kind === kind).length;
  return {
    dashboards: { created: result.created.length, updated: result.updated.length, moved: result.moved.length, deleted: result.deleted.length, unchanged: result.unchanged.length, skipped: skipped('dashboard') },
    folders: { created: result.foldersCreated.length, updated: result.foldersUpdated.length, moved: result.foldersMoved.length, deleted: result.foldersDeleted.length, unchanged: result.foldersUnchanged.length, skipped: skipped('folder') },
    libraryPanels: {
      created: result.libraryPanelsCreated.length,
      updated: result.libraryPanelsUpdated.length,
      moved: result.libraryPanelsMoved.length,
      deleted: result.libraryPanelsDeleted.length,
      unchanged: result.libraryPanelsUnchanged.length,
      skipped: skipped('library-panel'),
    },
  };
}

export interface ApplyResultContext {
  backupDir: string;
  cwd: string;
  /** What chose the Grafana that ran (--env, …), which the commands of the texts name. */
  selection: RunSelection;
  /** The saved plan applied, which a command that plans again names. */
  planFile?: string;
  retried: RetrySummary | null;
  exitCode: number;
  /** restore refuses a dashboard's backup it finds itself here (trashNotRead): the backups' commands are ones that run. */
  trashNotRead?: boolean;
}

/** The last line of an apply that ran: what it came to, every problem, where the backups are, the exit code. */
export function renderApplyResultLine(result: ApplyResult, context: ApplyResultContext): string {
  return line({
    type: 'result',
    counts: countsOf(result),
    ...(result.keptDespiteHard && { keptDespiteHard: result.keptDespiteHard }),
    ...(result.deletedForAdmins && { deletedForAdmins: result.deletedForAdmins }),
    ...(result.deletesHeld && { deletesHeld: result.deletesHeld }),
    ...(result.pushedUncommitted && { pushedUncommitted: result.pushedUncommitted }),
    ...(result.unreadable && { unreadable: result.unreadable }),
    ...(result.notMovedIntoHidden && { notMovedIntoHidden: result.notMovedIntoHidden }),
    ...(result.usesHiddenPanels && { usesHiddenPanels: result.usesHiddenPanels }),
    ...(result.uidChangesHeld && { uidChangesHeld: result.uidChangesHeld }),
    ...(result.unreadableLibraryPanels && { unreadableLibraryPanels: result.unreadableLibraryPanels }),
    ...(result.libraryPanelsRenamed && { libraryPanelsRenamed: result.libraryPanelsRenamed }),
    conflicts: result.conflicts.map((conflict) => ({ ...conflict, text: renderConflict(conflict, 'cli', context.selection) })),
    // The step a new plan resolves is in the text, as commands: not a field of its own.
    failures: result.failures.map(({ planAgain: step, ...failure }) => ({ ...failure, text: renderFailure({ ...failure, ...(step !== undefined && { planAgain: step }) }, 'cli', context.selection, context.planFile) })),
    failureCounts: describeFailureCounts(result.failures),
    unknown: result.unknown.map((unknown) => ({ ...unknown, text: renderUnknown(unknown, 'cli', context.selection) })),
    skipped: result.skipped,
    notStarted: result.notStarted,
    stoppedBy: result.stoppedBy,
    stopReason: result.stopReason,
    ...(nothingApplied(result) && { nothingApplied: true }),
    backups: {
      dir: result.backups.length > 0 ? shorten(context.backupDir, context.cwd) : null,
      files: result.backups.map((file) => shorten(file, context.cwd)),
      ...(result.backupsNotDeleted && { notDeleted: result.backupsNotDeleted.map((backup) => ({ ...backup, file: shorten(backup.file, context.cwd) })) }),
    },
    retried: context.retried && toRetriedJson(context.retried),
    text: [renderApplySummary(result), renderBackupsWritten(result, context, 'cli', context.selection)].filter((part) => part !== null).join('\n'),
    exitCode: context.exitCode,
  });
}

/** The last line of an apply whose plan had nothing to do. */
export function renderNothingToApplyLine(source: 'planned' | 'saved', summary: PlanSummary, retried: RetrySummary | null, exitCode: number, environment: string | null = null): string {
  return line({ type: 'result', nothingToApply: true, retried: retried && toRetriedJson(retried), text: renderNothingToApply(source, summary, environment), exitCode });
}
