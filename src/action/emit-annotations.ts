import * as core from '@actions/core';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { dashboardActions, isNote, libraryPanelActions, type Plan } from '../plan/types.js';
import { describeWarningsIn } from '../report/describe-warning.js';
import { planSelectionOf, type RunSelection } from '../report/next-command.js';
import { escapeText } from '../report/escape-untrusted.js';
import { renderNotCoveredFile, renderNotCoveredRest } from '../report/render-not-covered.js';
import type { UnreviewedWhy } from '../apply/types.js';

export interface AnnotationBase {
  cwd: string;
  /** GITHUB_WORKSPACE; undefined outside a runner. */
  workspace: string | undefined;
}

export interface Annotation {
  severity: 'error' | 'warning';
  message: string;
  properties: core.AnnotationProperties;
}

/**
 * A diagnostic as a GitHub annotation. GitHub places annotations by path from the
 * repository root (GITHUB_WORKSPACE), while diagnostics name files from the working
 * directory, so the path is re-based when the two differ.
 */
export function annotationFor(diagnostic: Diagnostic, where: AnnotationBase): Annotation {
  const placed = isPlaceable(diagnostic.file);
  const properties: core.AnnotationProperties = { title: diagnostic.rule, ...(placed && { file: workspacePath(diagnostic.file, where) }) };
  if (placed && diagnostic.line !== undefined) {
    properties.startLine = diagnostic.line;
    properties.startColumn = diagnostic.col ?? 1;
  }
  // The log viewer renders ANSI codes: titles in messages are escaped like every other output; an unplaced one names its file.
  return { severity: diagnostic.severity, message: escapeText(placed ? diagnostic.message : `${diagnostic.file}: ${diagnostic.message}`), properties };
}

/**
 * Whether a path may go into an annotation's `file` property, which the runner needs as written to place it: not one holding
 * a control, bidi or invisible character (core escapes only `%`, CR, LF, `:` and `,` there, so ESC or U+202E would reach
 * the log raw wherever the command line is shown).
 */
function isPlaceable(file: string): boolean {
  return escapeText(file) === file;
}

/** `::error title=<rule>,file=…,line=…,col=…::message` (and `::warning` for warnings), one per diagnostic. */
export function emitAnnotations(diagnostics: readonly Diagnostic[], where: AnnotationBase): void {
  for (const diagnostic of diagnostics) {
    const annotation = annotationFor(diagnostic, where);
    if (annotation.severity === 'error') core.error(annotation.message, annotation.properties);
    else core.warning(annotation.message, annotation.properties);
  }
}

/**
 * Plan warnings (drift: a live edit the apply would overwrite; title clashes) as warning
 * annotations, placed on the dashboard's file when the plan has one, so reviewers see them
 * on the pull request. `driftKept`: applied in this step unreviewed, so drift is kept (describeWarningsIn).
 */
export function emitPlanWarnings(plan: Plan, where: AnnotationBase, driftKept: UnreviewedWhy | false = false): void {
  const fileOf = new Map(dashboardActions(plan).map((d) => [d.uid, d.file]));
  const panelFileOf = new Map(libraryPanelActions(plan).map((p) => [p.uid, p.file]));
  // The Action's advice names no command line's flags (a plan a shell made keeps its own: Plan.selection).
  const describe = describeWarningsIn(planSelectionOf({ target: plan.target }), 'action', driftKept);
  for (const warning of plan.warnings) {
    // A finding of the tree (a config file's glob that matches nothing) is placed on its file and titled by its rule, as check's are.
    const finding = warning.kind === 'other' ? { file: warning.file, line: warning.line, col: warning.col, rule: warning.rule } : {};
    const file = !warning.uid ? finding.file : isLibraryPanelWarning(warning) ? panelFileOf.get(warning.uid) : fileOf.get(warning.uid);
    const properties: core.AnnotationProperties = { title: `dashsync ${finding.rule ?? warning.kind}` };
    if (file && isPlaceable(file)) properties.file = workspacePath(file, where);
    if (properties.file && finding.line !== undefined) {
      properties.startLine = finding.line;
      properties.startColumn = finding.col ?? 1;
    }
    // A file the runner cannot be given as written is named in the message instead (isPlaceable).
    const message = file && !properties.file ? `${file}: ${describe(warning)}` : describe(warning);
    (isNote(warning) ? core.notice : core.warning)(escapeText(message), properties);
  }
}

/** A library panel's uid is not a dashboard's: a warning about one is placed on the panel's file. */
function isLibraryPanelWarning(warning: Plan['warnings'][number]): boolean {
  return 'resource' in warning && warning.resource === 'library-panel';
}

/** An apply conflict as an error annotation on its file (when it has one), as plan's drift warnings are placed. */
export function emitConflict(line: string, file: string | undefined, where: AnnotationBase): void {
  core.error(line, { title: 'dashsync conflict', ...(file && isPlaceable(file) ? { file: workspacePath(file, where) } : {}) });
}

/** An apply failure as an error annotation, on its file when it has one (a delete's or a folder's has none), as conflicts are. */
export function emitFailure(line: string, file: string | null, where: AnnotationBase): void {
  core.error(line, file && isPlaceable(file) ? { title: 'dashsync failed', file: workspacePath(file, where) } : {});
}

/** How many files not covered get a notice of their own; the rest are counted in one more. */
const NOT_COVERED_ANNOTATED = 10;

/**
 * A saved plan applied after HEAD moved: a notice on each file changed since that the plan does not push (the first
 * NOT_COVERED_ANNOTATED; one more counts the rest), so the pull request shows what the next plan will deploy.
 */
export function emitNotCovered(files: readonly string[], selection: RunSelection, where: AnnotationBase): void {
  const title = 'dashsync not in this plan';
  const message = renderNotCoveredFile(selection, 'action');
  for (const file of files.slice(0, NOT_COVERED_ANNOTATED)) {
    // A file the runner cannot be given as written is named in the message instead (isPlaceable).
    if (isPlaceable(file)) core.notice(escapeText(message), { title, file: workspacePath(file, where) });
    else core.notice(escapeText(`${file}: ${message}`), { title });
  }
  const rest = files.length - NOT_COVERED_ANNOTATED;
  if (rest > 0) core.notice(escapeText(renderNotCoveredRest(rest, selection, 'action')), { title });
}

/** A path from the working directory, re-based on the repository root when it lies inside it. */
function workspacePath(file: string, where: AnnotationBase): string {
  const fromWorkspace = where.workspace ? relative(where.workspace, resolve(where.cwd, file)) : '';
  return fromWorkspace && !fromWorkspace.startsWith('..') && !isAbsolute(fromWorkspace) ? fromWorkspace.split('\\').join('/') : file;
}
