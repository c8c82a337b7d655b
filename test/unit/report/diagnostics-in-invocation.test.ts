import { describe, expect, it } from 'vitest';
import { adviceInInvocation, diagnosticsInInvocation } from '../../../src/report/diagnostics-in-invocation.js';
import { describeHookAdvice } from '../../../src/report/describe-hook-advice.js';

const finding = (message: string) => ({ file: 'dashboards/a.json', severity: 'warning' as const, rule: 'not-canonical', message });

describe('diagnosticsInInvocation', () => {
  it('begins the check and pull a file\'s diagnostic advises as the shell ran dashsync', () => {
    const [canonical, uid] = diagnosticsInInvocation(
      [finding('file is not in canonical format (…); run `dashsync check --fix` to rewrite it'), finding('`dashsync pull` writes it with its uid; else run `dashsync check --fix` to add one')],
      'npx dashsync',
    );
    expect(canonical!.message).toBe('file is not in canonical format (…); run `npx dashsync check --fix` to rewrite it');
    expect(uid!.message).toBe('`npx dashsync pull` writes it with its uid; else run `npx dashsync check --fix` to add one');
  });

  it('leaves what names no such command (a dashsync plan file), and a command already worded so (withCheckFixCommand\'s)', () => {
    const words = 'it is a dashsync plan file; npx dashsync check --fix writes it, or says why not; dashsync-check hook';
    expect(adviceInInvocation(words, 'npx dashsync')).toBe(words);
  });

  it('returns the diagnostics as they are without an invocation (dashsync)', () => {
    const diagnostics = [finding('run `dashsync check --fix`')];
    expect(diagnosticsInInvocation(diagnostics, undefined)).toBe(diagnostics);
  });
});

describe('describeHookAdvice', () => {
  it('notes the hook\'s way to check --fix and pull where the output words them npx dashsync (lint-staged under npx)', () => {
    const note = describeHookAdvice('a.json:1:1: warning: run `npx dashsync check --fix` to rewrite it; `npx dashsync pull` writes it', { fixing: false, fixAdvised: true, checkFix: 'npx dashsync check --fix' });
    expect(note).toContain('for dashsync check --fix, add args: [--fix]');
    expect(note).toContain('dashsync pull talks to Grafana');
  });

  // walk-73 M3: uid-duplicate's words name check --fix, but --fix never removes a uid: the note keys on the findings.
  it('gives no --fix advice where no finding check --fix mends, whatever the lines say', () => {
    const output = 'dashboards/a.json:5:10: error: uid "cpu" is also used by dashboards/b.json: for a copy, remove its "uid" and run dashsync check --fix (uid-duplicate)';
    expect(describeHookAdvice(output, { fixing: false, fixAdvised: false })).toBeNull();
  });

  // rev-71 L2: without --fix, its advice (add args: [--fix]) left out that the hook's --fix rewrites only the staged files.
  it('names the run that fixes files the commit does not stage, with --fix yet to be added as when it is there', () => {
    const output = 'dashboards/b.json: warning: run `dashsync check --fix` to rewrite it';
    const before = describeHookAdvice(output, { fixing: false, fixAdvised: true, unfixed: ['dashboards/b.json'], stagedFixes: true });
    expect(before).toContain('add args: [--fix] to the dashsync-check hook in .pre-commit-config.yaml and commit again');
    expect(before).toContain('it rewrites only the staged files: for dashboards/b.json, run pre-commit run dashsync-check --files dashboards/b.json then)');
    expect(describeHookAdvice(output, { fixing: false, fixAdvised: true, unfixed: [] })).not.toContain('rewrites only the staged files');
    expect(describeHookAdvice(output, { fixing: true, fixAdvised: true, unfixed: ['dashboards/b.json'] })).toContain('--fix rewrote only the staged files: for the warnings above that check --fix rewrites in dashboards/b.json');
  });

  // rev-71 L2 (rest): where every such warning is outside the commit, "commit again" with --fix mends none of them.
  it('where every warning check --fix rewrites is in a file the commit does not stage: the hook run on that file, or check --fix of it', () => {
    const output = "dashboards/b c.json: warning: … dashsync check --fix writes it (library-panel-name-stale)";
    const note = describeHookAdvice(output, { fixing: false, fixAdvised: true, unfixed: ['dashboards/b c.json'], stagedFixes: false, checkFixUnfixed: "dashsync check --fix 'dashboards/b c.json'" });
    expect(note).toBe(
      "note: this hook's dashsync is not on PATH (it lives in pre-commit's environment): the warnings above that check --fix rewrites are in dashboards/b c.json, which a commit does not rewrite: " +
        "add args: [--fix] to the dashsync-check hook in .pre-commit-config.yaml and run pre-commit run dashsync-check --files 'dashboards/b c.json' (it rewrites them and fails once: review, stage and commit them), " +
        "or run dashsync check --fix 'dashboards/b c.json' where dashsync is installed",
    );
    expect(note).not.toContain('commit again');
  });
});
