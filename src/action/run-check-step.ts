import * as core from '@actions/core';
import { runCheck } from '../check/run-check.js';
import { summarizeCheck } from '../check/summarize-check.js';
import type { Diagnostic } from '../errors.js';
import { isErrorCheckFixRepairs, renderDiagnostic } from '../report/render-diagnostics.js';
import { withCheckFixCommand } from '../files/find-environment-literals.js';
import { renderNextCommand, runSelectionOf } from '../report/next-command.js';
import { appendJobSummary } from './append-job-summary.js';
import { emitAnnotations } from './emit-annotations.js';
import type { StepContext, StepFailure } from './step-context.js';

/** Rows listed in the job summary; the annotations and the log carry every finding. */
const MAX_SUMMARY_ROWS = 50;

/** `command: check`: offline validation, one annotation per finding; fails on any error. */
export async function runCheckStep(context: StepContext): Promise<StepFailure> {
  const { settings, env } = context;
  const checkedRun = await runCheck({ settings, shell: 'action' });
  const { checked } = checkedRun;
  const fixCommand = renderNextCommand({ ...runSelectionOf(settings), environment: undefined }, 'check --fix');
  const diagnostics = withCheckFixCommand(checkedRun.diagnostics, fixCommand, 'action');
  emitAnnotations(diagnostics, { cwd: settings.cwd, workspace: env.GITHUB_WORKSPACE });
  const summary = summarizeCheck(diagnostics, checked);
  core.info(summary.line);
  context.settle('writing its job summary');
  await appendJobSummary(renderCheckSummary(summary.line, diagnostics), env);
  if (summary.errors === 0) return undefined;
  // The step cannot commit to the branch: the fix is run in a checkout of it, as the findings' own lines say. Named only where it repairs one of the errors.
  const repaired = diagnostics.filter(isErrorCheckFixRepairs).length;
  if (repaired === 0) return `${summary.line}: fix the errors above`;
  const which = repaired === summary.errors ? (repaired === 1 ? 'it' : 'them') : `${repaired} of them`;
  return `${summary.line}: fix the errors above (in a checkout of this branch, ${fixCommand} repairs ${which}; then commit the files it changed)`;
}

function renderCheckSummary(line: string, diagnostics: readonly Diagnostic[]): string {
  const out = ['## dashsync check', '', `**${line}**`, ''];
  if (diagnostics.length > 0) {
    out.push('```');
    for (const diagnostic of diagnostics.slice(0, MAX_SUMMARY_ROWS)) out.push(renderDiagnostic(diagnostic));
    if (diagnostics.length > MAX_SUMMARY_ROWS) out.push(`… and ${diagnostics.length - MAX_SUMMARY_ROWS} more (see the annotations)`);
    out.push('```', '');
  }
  return out.join('\n');
}
