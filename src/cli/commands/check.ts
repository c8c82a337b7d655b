import { resolve } from 'node:path';
import { quitOnInterrupt } from '../../abort-on-signals.js';
import { FileOpsLog, trackFileOps } from '../../files/file-ops-in-flight.js';
import { fixFiles } from '../../check/fix-files.js';
import { runCheck } from '../../check/run-check.js';
import { summarizeCheck, type CheckedFiles } from '../../check/summarize-check.js';
import { displayPath } from '../../check/select-check-targets.js';
import type { Settings } from '../../config/types.js';
import { findStagedRemovals, type StagedRemoval } from '../../git/find-staged-removals.js';
import { withoutGrafanaVariables } from '../../config/without-grafana-variables.js';
import { loadSettings } from '../../config/load-settings.js';
import { EXIT_ERROR, EXIT_OK, type Diagnostic } from '../../errors.js';
import { escapeText } from '../../report/escape-untrusted.js';
import { isErrorCheckFixRepairs, isFixedByCheckFix, renderDiagnostics } from '../../report/render-diagnostics.js';
import { commandLineFlagsOf, renderNextCommand, type RunSelection } from '../../report/next-command.js';
import { adviceInInvocation, diagnosticsInInvocation } from '../../report/diagnostics-in-invocation.js';
import { withCheckFixCommand } from '../../files/find-environment-literals.js';
import { describeHookAdvice, FILES_NAMED, type HookAdviceInput } from '../../report/describe-hook-advice.js';
import { renderCheckJson } from '../../report/render-check-json.js';
import { LINES_PER_GROUP } from '../../report/limit-per-group.js';
import { hideIgnoredOptions, singleEnvironment } from '../common-options.js';
import type { DashsyncCommand } from '../define-command.js';
import { CHECK_FILES, CHECK_OPTIONS } from '../options.js';

interface CheckArgs {
  files?: string[];
  /** The command's name, then the words after `--` (`dashsync check -- FILE…`, as the pre-commit hook runs it). */
  _: (string | number)[];
  fix?: boolean;
  preCommit?: boolean;
  root?: string;
  config?: string;
  env?: string | string[];
  include?: string[];
  exclude?: string[];
  verbose?: boolean;
  color?: boolean;
  format?: 'text' | 'json';
}

export const checkCommand: DashsyncCommand<CheckArgs> = {
  command: 'check [files..]',
  describe: 'Validate dashboard files offline (for pre-commit and CI); --fix rewrites them canonically',
  builder: (yargs) =>
    hideIgnoredOptions(
      yargs
        .positional('files', CHECK_FILES)
        .options(CHECK_OPTIONS),
      'check',
    ) as never,
  async run(args, io) {
    const settings = await loadSettings({
      flags: { root: args.root, config: args.config, env: singleEnvironment(args.env), include: args.include, exclude: args.exclude, verbose: args.verbose, invocation: io.invocation },
      env: withoutGrafanaVariables(io.env),
      cwd: io.cwd,
      offline: true,
    });
    const named = [...(args.files ?? []), ...args._.slice(1).map(String)];
    const json = args.format === 'json';
    const { files, fixed, removed } = args.preCommit
      ? await selectHookFiles(named, settings, args.fix === true, (note) => json || io.stderr.write(`${note}\n`))
      : { files: named.length > 0 ? named : undefined, fixed: named.length > 0 ? named : undefined };
    // The hook runs on every commit (always_run): one that stages no tree file and removes none reads nothing.
    if (files !== undefined && files.length === 0) {
      const summary = summarizeCheck([], NOTHING_CHECKED);
      if (json) io.stdout.write(renderCheckJson({ diagnostics: [], checked: NOTHING_CHECKED, files: [], summary, environment: settings.environment ?? null, environments: settings.environment === undefined ? settings.environments : [], fix: null, exitCode: EXIT_OK }));
      else io.stderr.write(`${summary.line}\n`);
      return EXIT_OK;
    }
    // As this run was typed (settings hold no command line for check: its other advice names no flag).
    const selection = { ...commandLineFlagsOf({ ...args, invocation: io.invocation }), ...(settings.environment !== undefined && { environment: settings.environment }) };
    const checkFix = renderNextCommand(selection, 'check --fix');
    // A quit while --fix rewrites leaves no temp file, and says how many files it fixed (walk-73 L1).
    const fileOps = new FileOpsLog();
    const quit = args.fix ? quitOnInterrupt(io.stderr, fileOps, () => {
      fileOps.removeTempsSync();
      return escapeText(describeFixQuit(fileOps.completed().written, fileOps.inFlight().length, args.preCommit === true ? null : checkFix));
    }) : null;
    try {
      return await checkFiles();
    } finally {
      quit?.dispose();
    }

    async function checkFiles(): Promise<number> {
      const fix = args.fix ? await trackFileOps(fileOps, () => fixFiles({ settings, files: fixed })) : null;
      if (fix && !json) {
        for (const change of fix.changed) io.stderr.write(`${escapeText(`fixed ${change.file}: ${adviceInInvocation(change.changes.join(', '), io.invocation)}`)}\n`);
        for (const left of fix.left) io.stderr.write(`${escapeText(`not fixed ${left.file}: ${adviceInInvocation(left.why, io.invocation)}`)}\n`);
      }
      const checkedRun = await runCheck({ settings, files, filesFromHook: args.preCommit === true, removed });
      const { checked, files: read } = checkedRun;
      const diagnostics = diagnosticsInInvocation(withCheckFixCommand(checkedRun.diagnostics, checkFix), io.invocation);
      const summary = summarizeCheck(diagnostics, checked, fix?.changed.length ?? 0);
      const exitCode = summary.errors > 0 ? EXIT_ERROR : EXIT_OK;
      if (json) {
        const environments = settings.environment === undefined ? settings.environments : [];
        io.stdout.write(renderCheckJson({ diagnostics, checked, files: read, summary, environment: settings.environment ?? null, environments, fix, exitCode }));
        return exitCode;
      }
      const rendered = renderDiagnostics(diagnostics, { linesPerRule: settings.verbose ? undefined : LINES_PER_GROUP, checkFix });
      io.stdout.write(rendered);
      io.stderr.write(`${summary.line}\n`);
      const hookAdvice = args.preCommit ? describeHookAdvice(rendered, hookAdviceInput(diagnostics, { fixing: args.fix === true, fixed, checkFix, selection, cwd: settings.cwd })) : null;
      if (hookAdvice !== null) io.stderr.write(`${escapeText(hookAdvice)}\n`);
      return exitCode;
    }
  },
};

/**
 * Pure: what a quit during check --fix leaves: the files fixed (renamed into place, whole), those being rewritten (whole,
 * old or new: their temp files are removed), and the run that finishes (`checkFix`; null under the hook: the next commit).
 */
function describeFixQuit(fixed: number, inFlight: number, checkFix: string | null): string {
  const files = (count: number) => `${count} file${count === 1 ? '' : 's'}`;
  const during = inFlight === 0 ? '' : `, ${files(inFlight)} being rewritten left whole (as they were, or fixed)`;
  const again = checkFix === null ? 'commit again to finish' : `run ${checkFix} again to finish`;
  return `quit: ${files(fixed)} fixed before the quit${during} (git diff shows them); no temp file is left; ${again}`;
}

const NOTHING_CHECKED: CheckedFiles = { dashboards: 0, otherForms: 0, folders: 0, folderFiles: 0, libraryPanels: 0, unstagedDashboards: 0 };

/**
 * What the hook's note is told of this run: the files a warning says check --fix rewrites, or an error it repairs, that its --fix did not look at
 * (`fixed`: the files it was given, as typed; undefined: all of them), in the order of the warnings; whether a finding that
 * names check --fix is in a file it looked at (else a commit mends none); and check --fix of those files alone.
 */
function hookAdviceInput(
  diagnostics: readonly Diagnostic[],
  run: { fixing: boolean; fixed: string[] | undefined; checkFix: string; selection: RunSelection; cwd: string },
): HookAdviceInput {
  const { fixing, fixed, checkFix, selection, cwd } = run;
  // uid-duplicate words "remove its uid and run check --fix": a step of the user's, which --fix alone never takes (walk-73 M3).
  const fixAdvised = diagnostics.some((d) => d.rule !== 'uid-duplicate' && (isFixedByCheckFix(d, checkFix) || isErrorCheckFixRepairs(d)));
  if (fixed === undefined) return { fixing, fixAdvised, checkFix };
  const looked = new Set(fixed.map((file) => resolve(cwd, file)));
  // The warnings check --fix rewrites and the errors it repairs (fixo-72 left the errors out: a whole tree checked for a staged removal).
  const mended = diagnostics.filter((d) => (isFixedByCheckFix(d, checkFix) || isErrorCheckFixRepairs(d)) && !looked.has(resolve(cwd, d.file)));
  const unfixed = [...new Set(mended.map((d) => d.file))];
  const unfixedSeverities = new Set(mended.map((d) => d.severity));
  const namesCheckFix = (d: Diagnostic) => isFixedByCheckFix(d, checkFix) || isErrorCheckFixRepairs(d) || d.message.includes(checkFix);
  const stagedFixes = diagnostics.some((d) => namesCheckFix(d) && looked.has(resolve(cwd, d.file)));
  const checkFixUnfixed = unfixed.length > FILES_NAMED ? checkFix : renderNextCommand(selection, ['check', '--fix', ...unfixed]);
  const unfixedFindings = unfixedSeverities.size === 2 ? 'errors and warnings' : unfixedSeverities.has('error') ? 'errors' : 'warnings';
  return { fixing, fixAdvised, unfixed, unfixedFindings, checkFix, stagedFixes, checkFixUnfixed };
}

/** What a run checks, and what its `--fix` may rewrite (undefined: the whole tree), and what the commit removes. */
interface HookFiles {
  files: string[] | undefined;
  fixed: string[] | undefined;
  removed?: StagedRemoval[];
}

/**
 * What the pre-commit hook checks: the files pre-commit passes (the staged ones), unless the commit removes or moves a
 * file others depend on (a `_library/` panel or a `_folder.json`, which pre-commit never passes by its old name): the files
 * that used it may fail now, so the whole tree is checked, and a note says why. `--fix` still rewrites only the staged files:
 * a commit must not fail over rewrites of files it never touched.
 */
async function selectHookFiles(named: string[], settings: Settings, fix: boolean, note: (text: string) => unknown): Promise<HookFiles> {
  const removed = await findStagedRemovals(settings.cwd, settings.root);
  if (removed.length === 0) return { files: named, fixed: named };
  const shown = (path: string) => displayPath(settings.cwd, resolve(settings.root, path));
  const listed = removed.slice(0, 3);
  const removes = listed.filter((removal) => removal.movedTo === undefined).map((removal) => (removal.movedOutTo === undefined ? shown(removal.path) : `${shown(removal.path)} (moved to ${shown(removal.movedOutTo)})`));
  const moves = listed.flatMap((removal) => (removal.movedTo === undefined ? [] : [`${shown(removal.path)} to ${shown(removal.movedTo)}`]));
  const more = removed.length > listed.length ? ` and ${removed.length - listed.length} more` : '';
  const what = [...(removes.length === 0 ? [] : [`removes ${removes.join(', ')} from the tree`]), ...(moves.length === 0 ? [] : [`moves ${moves.join(', ')}`])].join(' and ');
  const fixNote = fix ? '; --fix rewrites only the staged files' : '';
  note(escapeText(`note: this commit ${what}${more}: the whole tree is checked, as files that used ${removed.length === 1 ? 'it' : 'them'} may fail now${fixNote}`));
  return { files: undefined, fixed: named, removed };
}
