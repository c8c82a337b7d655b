import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { makeWorkspace, runAction } from './run-action.js';

describe('the Action bundle: check', () => {
  it('annotates each finding at its file, line and column and fails on an error', async () => {
    const workspace = await makeWorkspace('check-bad');
    // check is offline: a malformed GRAFANA_URL in the job's environment must not matter.
    const run = await runAction(workspace, { command: 'check', path: 'dashboards' }, { GRAFANA_URL: 'not a url' });
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('::error title=json-syntax,file=dashboards/team/broken.json,line=4,col=3::expected a comma or closing brace');
    expect(lines.some((line) => line.startsWith('::warning title=id-present,file=dashboards/with-id.json,line=2,col=9::"id": 7'))).toBe(true);
    // A syntax error is no one check --fix repairs: the line does not send anyone to it (walk-71 L2).
    expect(lines).toContain('::error::check: 2 dashboards, 1 folder, 1 error, 1 warning: fix the errors above');
    expect(run.summary).toContain('**check: 2 dashboards, 1 folder, 1 error, 1 warning**');
    expect(run.summary).toContain('dashboards/team/broken.json:4:3: error: expected a comma or closing brace (json-syntax)');
    expect(run.outputs).toEqual({ 'has-changes': '', creates: '', updates: '', deletes: '', 'deletes-held': '', unreadable: '', 'uses-hidden-panels': '', 'not-moved-into-hidden': '', 'unreadable-library-panels': '', conflicts: '', 'library-panel-changes': '', 'folder-changes': '', 'plan-file': '' });
  });

  it('names check --fix only for errors it repairs, and says how many of them (walk-71 L2)', async () => {
    const workspace = await makeWorkspace('check-bad');
    await rm(join(workspace, 'dashboards/team/broken.json'));
    const missingPanel = { uid: 'uses-lp', title: 'Uses a panel', panels: [{ id: 1, gridPos: { h: 8, w: 12, x: 0, y: 0 }, libraryPanel: { uid: 'lp-gone', name: 'Gone' } }] };
    await writeFile(join(workspace, 'dashboards/team/uses-lp.json'), canonicalJson(missingPanel));
    const only = await runAction(workspace, { command: 'check', path: 'dashboards' });
    expect(only.code).toBe(1);
    expect(only.stdout).toContain('title=library-panel-missing,');
    expect(only.stdout.split('\n')).toContain('::error::check: 2 dashboards, 1 folder, 1 error, 1 warning: fix the errors above');

    await writeFile(join(workspace, 'dashboards/team/no-uid.json'), canonicalJson({ title: 'No uid', panels: [] }));
    const mixed = await runAction(workspace, { command: 'check', path: 'dashboards' });
    expect(mixed.stdout).toContain('title=uid-missing,');
    expect(mixed.stdout.split('\n')).toContain(
      '::error::check: 3 dashboards, 1 folder, 2 errors, 1 warning: fix the errors above (in a checkout of this branch, dashsync check --fix repairs 1 of them; then commit the files it changed)',
    );

    await rm(join(workspace, 'dashboards/team/uses-lp.json'));
    const fixable = await runAction(workspace, { command: 'check', path: 'dashboards' });
    expect(fixable.stdout.split('\n')).toContain(
      '::error::check: 2 dashboards, 1 folder, 1 error, 1 warning: fix the errors above (in a checkout of this branch, dashsync check --fix repairs it; then commit the files it changed)',
    );
  });

  it('a file whose name holds ESC, BEL or a bidi mark: its annotation is not placed (no raw name in the command line), the message names it escaped', async () => {
    const workspace = await makeWorkspace('check-bad');
    const hostile = 'dashboards/team/evil\u001b]0;t\u0007\u202e,x:y.json';
    await rename(join(workspace, 'dashboards/team/broken.json'), join(workspace, hostile));
    const run = await runAction(workspace, { command: 'check', path: 'dashboards' });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(run.stdout.split('\n')).toContain('::error title=json-syntax::dashboards/team/evil\\x1b]0;t\\x07\\u202e,x:y.json: expected a comma or closing brace');
  });

  it('passes on a valid tree', async () => {
    const workspace = await makeWorkspace('tree');
    const run = await runAction(workspace, { command: 'check' });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::error');
    expect(run.stdout).toContain('check: 2 dashboards, 1 folder, 0 errors, 0 warnings');
    // walk-64 L6: a check makes no plan: `has-changes=false` would tell `if: steps.x.outputs.has-changes == 'false'` "nothing to do".
    expect(run.outputs).toEqual({ 'has-changes': '', creates: '', updates: '', deletes: '', 'deletes-held': '', unreadable: '', 'uses-hidden-panels': '', 'not-moved-into-hidden': '', 'unreadable-library-panels': '', conflicts: '', 'library-panel-changes': '', 'folder-changes': '', 'plan-file': '' });
  });

  it('a path input that leads nowhere, or args that select no file: one error that names the input or the globs', async () => {
    const workspace = await makeWorkspace('tree');
    const missing = await runAction(workspace, { command: 'check', path: 'grafana/dashboards' });
    // The pull it names makes that tree where the input says, pasted at the checkout's top (rev-70c L3).
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      `::error::dashboards root not found: ${workspace}/grafana/dashboards (set --root or "root" in dashsync.config.json; in the GitHub Action, the "path" input; to start from what your Grafana holds: dashsync pull --root grafana/dashboards)`,
    );
    const typo = await runAction(workspace, { command: 'check', args: '--include team-b' });
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain('::error::--include team-b selects no dashboard or library panel file below dashboards');
  });

  it('annotates paths from the repository root when the tree sits below it', async () => {
    const workspace = await makeWorkspace('check-bad');
    const run = await runAction(workspace, { command: 'check' }, { GITHUB_WORKSPACE: dirname(workspace) });
    const base = basename(workspace);
    expect(run.stdout).toContain(`::error title=json-syntax,file=${base}/dashboards/team/broken.json,line=4,col=3::`);
  });

  it('a bad file stops plan before anything is sent, with the same annotation', async () => {
    const workspace = await makeWorkspace('check-bad');
    const run = await runAction(workspace, { command: 'plan', 'grafana-url': 'http://127.0.0.1:9', 'grafana-token': 'glsa_never_used' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error title=json-syntax,file=dashboards/team/broken.json,line=4,col=3::expected a comma or closing brace');
    expect(run.stdout).toContain('::error::1 error in the dashboards tree; nothing was sent to Grafana. Fix the files named in the annotations in a new commit: a re-run of this job would read this commit again.');
  });
});
