import type { RestoreEvent } from '../apply/run-restores.js';
import { renderDashboardRestore, renderLibraryPanelRestore, type RestoreLine } from './render-restore-line.js';
import { renderRestoreProblem, type RestoreRerun } from './render-restore-stop.js';
import type { PastedWord, RunSelection } from './next-command.js';

/**
 * Restore's line for one uid's outcome (not yet escaped; `error`: stderr in the text log), as both outputs word it.
 * `backupSource`: the run's --backup-source as its advice gives it. Pure.
 */
export function describeRestoreEvent(event: RestoreEvent, cwd: string, selection?: RunSelection, rerun: RestoreRerun = null, backupSource?: string | PastedWord): RestoreLine {
  if (event.kind === 'dashboard') return renderDashboardRestore(event.outcome, cwd, selection, backupSource);
  if (event.kind === 'library-panel') return renderLibraryPanelRestore(event.outcome, cwd, selection);
  return { text: renderRestoreProblem(event, selection, rerun), error: true };
}
