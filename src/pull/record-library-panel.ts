import { describeLiteralsOverPlaceholders } from './describe-literals-over-placeholders.js';
import { describeLeftFile, describeRefusedAdvice, describeTakenOverCommit } from './describe-left-file.js';
import { describeNewInputs } from './describe-new-inputs.js';
import { copiedFromOf } from './decide-pull-file.js';
import type { PullTargetResult } from './pull-dashboard-target.js';
import type { LibraryPanelTarget, PullResult } from './types.js';

/** Counts a library panel file apart from the dashboards (the summary's `Library panels: …`). */
export function countLibraryPanel(result: PullResult, outcome: keyof NonNullable<PullResult['libraryCounts']>): void {
  result.libraryCounts ??= { created: 0, updated: 0, moved: 0, unchanged: 0, pruned: 0, kept: 0, refused: 0 };
  result.libraryCounts[outcome] += 1;
}

/**
 * Counts one library panel's file and reports what changed. A refused file is an error line of
 * its own (`pull --force <uid>` takes it), and listed for the `pull --force <uid…>` hint.
 */
export function recordLibraryPanel(result: PullResult, target: LibraryPanelTarget, written: PullTargetResult, display: (rel: string) => string): void {
  const file = display(target.file);
  // A library panel never changes schema: 'inputs-refused' is a dashboard's only.
  if (written.kind === 'vanished' || written.kind === 'inputs-refused') return;
  if (written.kind === 'left') {
    const outcome = written.decision.action === 'keep' ? 'kept' : 'refused';
    countLibraryPanel(result, outcome);
    const why = describeLeftFile(written, { uid: target.uid, file: display(target.existingFile!) }, result.selection);
    const copiedFrom = copiedFromOf(written.decision);
    result.events.push({ outcome, file: display(target.existingFile!), uid: target.uid, resource: 'library-panel', why, ...(copiedFrom !== undefined && { copiedFrom }) });
    if (outcome === 'refused') {
      result.refusedLibraryUids.push(target.uid);
      result.problems.push({
        file: display(target.existingFile!),
        severity: 'error',
        rule: 'pull-refused',
        message:
          written.decision.reason === 'library-change-unknown'
            ? `library panel ${target.uid} changed in Grafana, and pull cannot tell whether its committed change is applied: not written (its refused line says why, and how to merge the two)`
            : `library panel ${target.uid} changed here and in Grafana: ${describeRefusedAdvice(target.uid, written.gitUnavailable !== null, result.selection)}`,
      });
    }
    return;
  }
  countLibraryPanel(result, written.outcome);
  if (written.formLost) {
    result.problems.push({ file, severity: 'warning', rule: 'pull-export-form-lost', message: `written with concrete datasource uids (no \${DS_…} placeholders): ${written.formLost}` });
  }
  if (written.literalsOverPlaceholders) {
    const { literals, otherEnvironments } = written.literalsOverPlaceholders;
    const message = describeLiteralsOverPlaceholders(literals, otherEnvironments, result.selection?.environment);
    result.problems.push({ file, severity: 'warning', rule: 'pull-placeholder-literal', message });
  }
  if (written.outcome !== 'unchanged') {
    const takenOver = written.adopted?.reason === 'library-never-pushed' && written.adopted.author ? describeTakenOverCommit(written.adopted.commit, written.adopted.author) : undefined;
    result.events.push({
      outcome: written.outcome,
      file,
      uid: target.uid,
      resource: 'library-panel',
      from: target.previousFile ? display(target.previousFile) : undefined,
      ...(takenOver ? { why: takenOver } : {}),
      ...(written.saved ? { saved: written.saved } : {}),
      ...(written.newInputs ? { inputs: describeNewInputs(written.newInputs) } : {}),
      ...(written.alsoDeployedBy && { alsoDeployedBy: written.alsoDeployedBy }),
      ...(target.formerFile && written.outcome === 'created' ? { formerFile: { ...target.formerFile, file: display(target.formerFile.file) } } : {}),
    });
  }
}
