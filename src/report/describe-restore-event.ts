import type { RestoreEvent } from '../apply/run-restores.js';
import { renderDashboardRestore, renderLibraryPanelRestore, type RestoreLine } from './render-restore-line.js';
import { renderRestoreProblem } from './render-restore-stop.js';

/** Restore's line for one uid's outcome (not yet escaped; `error`: stderr in the text log), as both outputs word it. Pure. */
export function describeRestoreEvent(event: RestoreEvent, cwd: string): RestoreLine {
  if (event.kind === 'dashboard') return renderDashboardRestore(event.outcome, cwd);
  if (event.kind === 'library-panel') return renderLibraryPanelRestore(event.outcome, cwd);
  return { text: renderRestoreProblem(event), error: true };
}
