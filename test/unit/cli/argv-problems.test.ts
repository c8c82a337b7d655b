import { describe, expect, it } from 'vitest';
import { describeUnexpectedWords, findArgvProblem, type OptionTable } from '../../../src/cli/argv-problems.js';

/** restore's options, as far as these lines need them. */
const restore: OptionTable = {
  names: new Set(['help', 'h', 'env', 'dry-run', 'folder', 'from-backup', 'verbose', 'color']),
  booleans: new Set(['help', 'dry-run', 'verbose', 'color']),
  requiresValue: new Set(['env', 'folder', 'from-backup']),
  arrays: new Set(),
  choices: {},
};

/** pull's `--folder` is an array: yargs gives it no requiresArg, and it needs a value all the same. */
const pull: OptionTable = { names: new Set(['help', 'env', 'folder', 'force']), booleans: new Set(['help', 'force']), requiresValue: new Set(['env']), arrays: new Set(['folder']), choices: {} };

// fixn-69: Grafana allows a uid that begins with "-" (`^[a-zA-Z0-9\-_]*$`); before `--` the parser reads it as an option.
describe('a uid that begins with "-", read as an unknown option', () => {
  it('is one line that gives the command again with it after --, the options first', () => {
    expect(findArgvProblem(['restore', '--env', 'prod', '-abc', '--dry-run'], 'restore', restore)).toBe(
      'unknown option -abc: a uid that begins with "-" goes after --, at the end of the line (if -abc is one): dashsync restore --env prod --dry-run -- -abc',
    );
    expect(findArgvProblem(['pull', '-abc', '--xyz', '--', '-def'], 'pull', pull, 'npx dashsync')).toBe(
      'unknown option -abc: a uid that begins with "-" goes after --, at the end of the line (if -abc, --xyz are): npx dashsync pull -- -abc --xyz -def',
    );
  });

  it('a near miss of an option keeps its did-you-mean; a command that takes no uid, its --help (as the shell ran dashsync)', () => {
    expect(findArgvProblem(['restore', '--dry-rn'], 'restore', restore)).toBe('unknown option --dry-rn (did you mean --dry-run?)');
    expect(findArgvProblem(['plan', '-abc'], 'plan', restore, 'npx dashsync')).toBe('unknown option -abc (see npx dashsync plan --help)');
    expect(findArgvProblem(['restore', '-a.b'], 'restore', restore)).toBe('unknown option -a.b (see dashsync restore --help)');
    // Another command's option is that, not a uid.
    expect(findArgvProblem(['restore', 'web', '--root', 'dashboards'], 'restore', restore)).toBe('unknown option --root (see dashsync restore --help)');
    expect(describeUnexpectedWords(['x'], 'plan', 'npx dashsync')).toBe('unexpected argument "x" (see npx dashsync plan --help)');
  });

  it('as an option\'s value: joined to it with "="', () => {
    const joined = '--folder needs a value; one that begins with "-" is joined to it: --folder=-team';
    expect(findArgvProblem(['restore', 'web', '--folder', '-team'], 'restore', restore)).toBe(joined);
    expect(findArgvProblem(['pull', '--folder', '-team'], 'pull', pull)).toBe(joined);
    expect(findArgvProblem(['restore', 'web', '--folder=-team'], 'restore', restore)).toBeUndefined();
    expect(findArgvProblem(['restore', '--env', 'prod', '--', '-abc'], 'restore', restore)).toBeUndefined();
  });
});
