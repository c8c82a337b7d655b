import { AuthError, InputError } from '../errors.js';
import type { PlanAction } from '../plan/types.js';
import { emptyApplyResult, type ApplyConflict, type ApplyEvent, type ApplyResult } from './types.js';

/** Shared state of one apply: the result being filled, each outcome reported once, and whether new work may still start. */
export interface ApplyRun {
  readonly result: ApplyResult;
  /** True once Ctrl-C arrived or Grafana answered 401: nothing new starts. */
  stopped(): boolean;
  done(action: PlanAction, extra?: { backup?: string }): void;
  conflict(action: PlanAction, conflict: ApplyConflict): void;
  skipped(action: PlanAction, reason: string): void;
  notStarted(action: PlanAction): void;
  /** Records a failed action; a 401 stops the run (the credentials are wrong for every request). */
  fail(action: PlanAction, error: unknown): void;
  /** Fills `stoppedBy` at the end. */
  finish(): ApplyResult;
}

export function createApplyRun(signal: AbortSignal | undefined, onEvent?: (event: ApplyEvent) => void): ApplyRun {
  const result = emptyApplyResult();
  let unauthorized = false;
  const emit = (action: PlanAction, outcome: ApplyEvent['outcome'], extra: Partial<ApplyEvent> = {}) =>
    onEvent?.({ kind: action.kind, uid: action.uid, title: action.title, action: action.action, outcome, ...extra });
  return {
    result,
    stopped: () => unauthorized || (signal?.aborted ?? false),
    done(action, extra = {}) {
      const outcome = doneOutcome(action);
      listFor(result, action).push(action.uid);
      if (extra.backup) result.backups.push(extra.backup);
      emit(action, outcome, extra);
    },
    conflict(action, conflict) {
      result.conflicts.push(conflict);
      emit(action, 'conflict');
    },
    skipped(action, reason) {
      result.skipped.push({ uid: action.uid, reason });
      emit(action, 'skipped', { message: reason });
    },
    notStarted(action) {
      result.notStarted += 1;
      emit(action, 'not-started');
    },
    fail(action, error) {
      if (error instanceof AuthError) unauthorized = true;
      const message =
        error instanceof InputError
          ? error.diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ${d.message}`).join('; ')
          : error instanceof Error
            ? error.message
            : String(error);
      result.failures.push({ uid: action.uid, title: action.title, action: label(action), message });
      emit(action, 'failed', { message });
    },
    finish() {
      result.stoppedBy = signal?.aborted ? 'interrupt' : unauthorized ? 'unauthorized' : null;
      return result;
    },
  };
}

/** `create`, `update`, … for dashboards; `folder-create`, `library-panel-update`, … for the others (as failures and conflicts name them). */
function label(action: PlanAction): string {
  return action.kind === 'dashboard' ? action.action : `${action.kind}-${action.action}`;
}

function doneOutcome(action: PlanAction): ApplyEvent['outcome'] {
  if (action.action === 'create') return 'created';
  if (action.action === 'move') return 'moved';
  if (action.action === 'delete') return 'deleted';
  return 'updated';
}

function listFor(result: ApplyResult, action: PlanAction): string[] {
  const outcome = doneOutcome(action);
  if (action.kind === 'folder') {
    return outcome === 'created' ? result.foldersCreated : outcome === 'deleted' ? result.foldersDeleted : result.foldersUpdated;
  }
  if (action.kind === 'library-panel') {
    const lists = { created: result.libraryPanelsCreated, moved: result.libraryPanelsMoved, deleted: result.libraryPanelsDeleted };
    return lists[outcome as keyof typeof lists] ?? result.libraryPanelsUpdated;
  }
  return outcome === 'created' ? result.created : outcome === 'moved' ? result.moved : outcome === 'deleted' ? result.deleted : result.updated;
}
