import { describeLiteralsOverPlaceholders } from './describe-literals-over-placeholders.js';
import { describePlaceholdersHeldAsText } from './find-placeholders-held-as-text.js';
import { describeManager, ownerBlocksUpdates } from '../grafana/ownership.js';
import type { DashboardOwner } from '../grafana/port.js';
import { describeLeftFile, describeReplacedCommit } from './describe-left-file.js';
import { copiedFromOf } from './decide-pull-file.js';
import { describeNewInputs } from './describe-new-inputs.js';
import { renderNextCommand } from '../report/next-command.js';
import type { PullTargetResult } from './pull-dashboard-target.js';
import type { DashboardTarget, PullResult } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import { capitalize } from '../report/capitalize.js';
import { parentOf } from '../files/tree-paths.js';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { describeHistoryUnread } from './describe-history-unread.js';
import type { FileNotes } from './file-notes-in-order.js';

/** The folders' directories of a pull (root-relative): those whose `_folder.json` it keeps (`withFile`), and those it makes (`made`: the tree has none there). */
export interface FolderDirsOfPull {
  withFile: ReadonlySet<string>;
  made: ReadonlySet<string>;
}

/**
 * Counts one dashboard's file and reports what changed: the event, the warnings a written file
 * deserves (no title, an export's form lost) and the notes (deleted during the pull, schema
 * changed), those and its owner into `said` (the file's own: pull prints them in the files' order, inFileOrder). A refused file is
 * counted and listed for the `pull --force <uid…>` hint.
 */
export function recordDashboard(result: PullResult, target: DashboardTarget, written: PullTargetResult, display: (rel: string) => string, folderDirs: FolderDirsOfPull, said: Omit<FileNotes, 'file'>): void {
  const file = display(target.file);
  if (written.kind === 'vanished') {
    said.notes.push(`${target.uid} (${quoteText(target.title)}) was deleted in Grafana during the pull; not written`);
    return;
  }
  if (written.kind === 'left') {
    const outcome = written.decision.action === 'keep' ? 'kept' : 'refused';
    result.counts[outcome] += 1;
    if (outcome === 'refused') result.refusedUids.push(target.uid);
    const { decision } = written;
    const at = {
      uid: target.uid,
      file: display(target.existingFile!),
      ...(target.file !== target.existingFile && { to: file }),
      ...(target.file !== target.existingFile && folderDirs.withFile.has(parentOf(target.file)) && { toFolderFile: display(`${parentOf(target.file)}/${FOLDER_FILE}`), ...(folderDirs.made.has(parentOf(target.file)) && { toFolderFileMade: true as const }) }),
      ...(decision.action === 'refuse' && decision.reason === 'renamed-not-committed' && { from: display(decision.from) }),
      ...(decision.action === 'keep' && decision.reason === 'committed-not-applied' && decision.movedFrom !== undefined && { from: display(decision.movedFrom) }),
      ...('merge' in decision && decision.merge.movedFrom !== undefined && { from: display(decision.merge.movedFrom) }),
    };
    const copiedFrom = copiedFromOf(decision);
    result.events.push({ outcome, file: at.file, uid: target.uid, why: describeLeftFile(written, at, result.selection), ...(copiedFrom !== undefined && { copiedFrom }) });
    return;
  }
  if (written.kind === 'inputs-refused') {
    result.counts.refused += 1;
    const { problems, advice, inputs } = written.inputsLost;
    const force = renderNextCommand(result.selection, `pull --force ${target.uid}`);
    const found = `Grafana now stores dashboard ${target.uid} in another schema, and pull cannot put the file's ${inputs.join(', ')} back unambiguously in that form`;
    said.problems.push({
      file: display(target.existingFile!),
      severity: 'error',
      rule: 'pull-inputs-not-restored',
      message: `not written: ${found}: ${problems.join('; ')}. ${capitalize(advice.join('; or '))}. To write it with these literals: ${force} (this also replaces uncommitted edits of the file; a copy is kept under .dashsync/pull-backups)`,
    });
    return;
  }
  result.counts[written.outcome] += 1;
  // The owner's note is for files this pull writes (walk-64 L2): a refresh that leaves a file as it is says nothing of it again.
  if (written.owner && written.outcome !== 'unchanged') said.owned.push({ uid: target.uid, owner: written.owner });
  if (written.titleMissing) {
    said.problems.push({ file, severity: 'warning', rule: 'title-missing', message: `dashboard ${target.uid} has no title in Grafana; give it one in the file (plan and check refuse a dashboard without a title)` });
  }
  if (written.formLost) {
    said.problems.push({ file, severity: 'warning', rule: 'pull-export-form-lost', message: `written as a plain dashboard (no __inputs, concrete datasource uids): ${written.formLost}` });
  }
  if (written.inputsLost) {
    const { problems, inputs } = written.inputsLost;
    said.problems.push({
      file,
      severity: 'warning',
      rule: 'pull-inputs-lost',
      message: `written with --force in the stored schema, where ${inputs.join(', ')} could not be put back: ${problems.join('; ')}. Put the placeholders back by hand before another environment applies it`,
    });
  }
  if (written.literalsOverPlaceholders) {
    const { literals, otherEnvironments } = written.literalsOverPlaceholders;
    const message = describeLiteralsOverPlaceholders(literals, otherEnvironments, result.selection?.environment);
    said.problems.push({ file, severity: 'warning', rule: 'pull-placeholder-literal', message });
  }
  if (written.inputsNotApplied) {
    const names = written.inputsNotApplied.map((name) => `\${${name}}`).join(', ');
    const environment = result.selection?.environment === undefined ? 'this run' : `environment ${result.selection.environment}`;
    said.notes.push(
      `${file}: kept ${names}: Grafana's datasource is what the config of the file's last commit mapped ${written.inputsNotApplied.length === 1 ? 'it' : 'them'} to for ${environment}; ` +
        `the inputs changed since are not applied yet (${renderNextCommand(result.selection, 'plan')} shows it)`,
    );
  }
  // A file left as it is was written by an earlier pull, which said what the placeholders are: one note for those (writePulledDashboards).
  if (written.placeholdersAsText && written.outcome !== 'unchanged') said.notes.push(`${file}: ${describePlaceholdersHeldAsText(written.placeholdersAsText)}`);
  if (written.formChanged) said.notes.push(`${file}: ${written.formChanged}; written in the stored form (review it with git diff)`);
  if (written.historyUnread !== undefined) {
    const from = target.previousFile === null ? {} : { from: display(target.previousFile) };
    said.notes.push(describeHistoryUnread({ uid: target.uid, file, ...from, contentTaken: written.contentTaken === true, failure: written.historyUnread, dryRun: result.dryRun }, result.selection));
  }
  if (written.outcome !== 'unchanged') {
    const from = target.previousFile ? display(target.previousFile) : undefined;
    const { adopted } = written;
    const replaced =
      adopted?.reason === 'content-not-in-grafana' && adopted.author
        ? { author: adopted.author, commit: { commit: adopted.commit, path: adopted.repoPath, versionsCompared: adopted.compared, allCompared: adopted.compared.length === adopted.author.version - 1 } }
        : undefined;
    result.events.push({
      outcome: written.outcome,
      file,
      uid: target.uid,
      from,
      ...(replaced && { why: describeReplacedCommit(replaced.commit, replaced.author, result.dryRun), replacedCommit: replaced.commit }),
      ...(written.owner ? { owner: ownerBlocksUpdates(written.owner) ? describeManager(written.owner, { source: true }) : describeSecondSourceMark(written.owner) } : {}),
      ...(written.saved ? { saved: written.saved } : {}),
      ...(written.newInputs ? { inputs: describeNewInputs(written.newInputs) } : {}),
      ...(written.alsoDeployedBy && { alsoDeployedBy: written.alsoDeployedBy }),
      ...(target.formerFile && written.outcome === 'created' ? { formerFile: { ...target.formerFile, file: display(target.formerFile.file) } } : {}),
    });
  }
}

/** `also provisioned from file x.json (allowUiUpdates)`: a file line's mark for a dashboard apply writes that a provisioning file feeds too. */
function describeSecondSourceMark(owner: DashboardOwner): string {
  return `also ${describeManager(owner, { source: true })} (allowUiUpdates)`;
}
