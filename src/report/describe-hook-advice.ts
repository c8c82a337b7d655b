import { shellWord } from './next-command.js';

/** More files than this, and the note runs the hook on all files instead of naming them. */
const FILES_NAMED = 5;

/**
 * Under the pre-commit hook (`check --pre-commit`), the note that makes the findings' advice work there: dashsync lives in
 * pre-commit's own environment, not on PATH, so `dashsync check --fix` and `dashsync pull` as printed would not run. Null when
 * no line printed (`output`) names either. `fixing`: the hook already runs with `--fix` (its `args`), so the next commit fixes
 * the staged files; `unfixed`: files with warnings --fix rewrites that this commit does not stage, which the hook run on them fixes;
 * (named with or without --fix: the hook's --fix rewrites only the staged ones); `checkFix`: check --fix as this run's advice
 * names it (with its --config, --root).
 */
export function describeHookAdvice(output: string, fixing: boolean, unfixed: readonly string[] = [], checkFix = 'dashsync check --fix'): string | null {
  const files = unfixed.length > FILES_NAMED ? '--all-files' : `--files ${unfixed.map(shellWord).join(' ')}`;
  const parts = [
    (output.includes('dashsync check --fix') || output.includes(checkFix)) && !fixing
      ? 'for dashsync check --fix, add args: [--fix] to the dashsync-check hook in .pre-commit-config.yaml and commit again (the hook rewrites the files and fails once: review, stage and commit them' +
        // The hook's --fix rewrites only what the commit stages (rev-71 L2): the files outside it need a run of their own.
        (unfixed.length === 0 ? '' : `; it rewrites only the staged files: for ${describeUnstaged(unfixed)}, run pre-commit run dashsync-check ${files} then`) +
        '), or run check --fix where dashsync is installed'
      : '',
    fixing && unfixed.length > 0
      ? `--fix rewrote only the staged files: for the warnings above that check --fix rewrites in ${describeUnstaged(unfixed)}, run pre-commit run dashsync-check ${files}, then review, stage and commit them`
      : '',
    output.includes('dashsync pull') ? 'dashsync pull talks to Grafana: run it where dashsync is installed (README: Install)' : '',
  ].filter(Boolean);
  return parts.length === 0 ? null : `note: this hook's dashsync is not on PATH (it lives in pre-commit's environment): ${parts.join('; ')}`;
}

/** The files with warnings check --fix rewrites that the commit does not stage: the one, or how many. */
function describeUnstaged(unfixed: readonly string[]): string {
  return unfixed.length === 1 ? unfixed[0]! : `${unfixed.length} files this commit does not stage`;
}
