import { shellWord } from './next-command.js';

/** More files than this, and the note runs the hook on all files instead of naming them (and check --fix on the whole tree). */
export const FILES_NAMED = 5;

/** What the hook's run found that its note turns into steps that work there. */
export interface HookAdviceInput {
  /** The hook already runs with `--fix` (its `args`), so the next commit fixes the staged files. */
  fixing: boolean;
  /**
   * A finding check --fix mends (a warning it rewrites, an error it repairs: isFixedByCheckFix, isErrorCheckFixRepairs), keyed on
   * the findings, not on their words: uid-duplicate's "remove its uid and run check --fix" is a step --fix never takes (walk-73 M3).
   */
  fixAdvised: boolean;
  /**
   * Files with warnings --fix rewrites, or errors it repairs, that this commit does not stage (a whole tree checked for a
   * staged removal), which the hook run on them fixes (its --fix rewrites only the staged ones).
   */
  unfixed?: readonly string[];
  /** What `unfixed` holds that check --fix mends: its warnings (absent too), errors, or both. */
  unfixedFindings?: 'warnings' | 'errors' | 'errors and warnings';
  /** check --fix as this run's advice names it (with its --config, --root). */
  checkFix?: string;
  /** A finding that check --fix mends is in a staged file too; false: every one is in `unfixed`, and a commit mends none. */
  stagedFixes?: boolean;
  /** check --fix of the `unfixed` files alone, as this run's advice names it (renderNextCommand); the whole tree's past FILES_NAMED. */
  checkFixUnfixed?: string;
}

/**
 * Under the pre-commit hook (`check --pre-commit`), the note that makes the findings' advice work there: dashsync lives in
 * pre-commit's own environment, not on PATH, so `dashsync check --fix` and `dashsync pull` as printed would not run. Null when
 * no finding check --fix mends is there and no line printed (`output`) names pull. Where every finding check --fix mends (a warning it rewrites, an error it
 * repairs) is in a file the commit does not stage (a staged library panel's renamed users, a whole tree checked), adding
 * `args: [--fix]` and committing again mends none of them (rev-71 L2, fixo-72's errors): the note gives the hook's run on
 * those files, and check --fix of them where dashsync is installed.
 */
export function describeHookAdvice(output: string, input: HookAdviceInput): string | null {
  const { fixing, unfixed = [], checkFix = 'dashsync check --fix', unfixedFindings = 'warnings' } = input;
  const findings = `the ${unfixedFindings} above that check --fix ${unfixedFindings === 'warnings' ? 'rewrites' : 'mends'}`;
  const files = unfixed.length > FILES_NAMED ? '--all-files' : `--files ${unfixed.map(shellWord).join(' ')}`;
  const advised = input.fixAdvised && !fixing;
  const onlyUnstaged = unfixed.length > 0 && input.stagedFixes === false;
  const parts = [
    advised && onlyUnstaged
      ? `${findings} are in ${describeUnstaged(unfixed)}, which a commit does not rewrite: add args: [--fix] to the dashsync-check hook in .pre-commit-config.yaml and run pre-commit run dashsync-check ${files} (it rewrites them and fails once: review, stage and commit them), or run ${input.checkFixUnfixed ?? checkFix} where dashsync is installed`
      : '',
    advised && !onlyUnstaged
      ? 'for dashsync check --fix, add args: [--fix] to the dashsync-check hook in .pre-commit-config.yaml and commit again (the hook rewrites the files and fails once: review, stage and commit them' +
        // The hook's --fix rewrites only what the commit stages (rev-71 L2): the files outside it need a run of their own.
        (unfixed.length === 0 ? '' : `; it rewrites only the staged files: for ${describeUnstaged(unfixed)}, run pre-commit run dashsync-check ${files} then`) +
        '), or run check --fix where dashsync is installed'
      : '',
    fixing && unfixed.length > 0
      ? `--fix rewrote only the staged files: for ${findings} in ${describeUnstaged(unfixed)}, run pre-commit run dashsync-check ${files}, then review, stage and commit them`
      : '',
    output.includes('dashsync pull') ? 'dashsync pull talks to Grafana: run it where dashsync is installed (README: Install)' : '',
  ].filter(Boolean);
  return parts.length === 0 ? null : `note: this hook's dashsync is not on PATH (it lives in pre-commit's environment): ${parts.join('; ')}`;
}

/** The files with findings check --fix mends that the commit does not stage: the one, or how many. */
function describeUnstaged(unfixed: readonly string[]): string {
  return unfixed.length === 1 ? unfixed[0]! : `${unfixed.length} files this commit does not stage`;
}
