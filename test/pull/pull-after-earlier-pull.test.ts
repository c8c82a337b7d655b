import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { resource, v2Spec } from '../unit/v2-builders.js';
import { commitAll, commitAndApplyTwo, dashsync, editInUi, git, lines, makeWorkDir } from './pull-fixture.js';

// walkthrough-15 L-10: apply, a UI edit, pull, commit, another UI edit, pull: refused as "changed on both sides since dashsync
// applied version 1: in git by <the pull's commit>", though that commit holds Grafana's own version 2 and only Grafana changed.
describe.each([
  ['11.2', [], []],
  ['12', ['--api', 'legacy'], ['--api', 'legacy']],
  // Pushed through `/apis` (12's default), pulled through `/api`.
  ['12', [], ['--api', 'legacy']],
  // pull-49: pulled through `/apis` (12's and 13's default), which read no earlier version before: refused on main.
  ['12', [], []],
  ['13', [], []],
  ['12', ['--api', 'k8s'], ['--api', 'k8s']],
] as const)('pull after a committed pull of a UI edit over dashsync\'s push (Grafana %s, apply %j, pull %j)', (grafanaVersion, applyArgs, apiArgs) => {
  it('takes the second UI edit: the pull\'s commit holds a version Grafana had, so it is no change of the file\'s own', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, file } = await commitAndApplyTwo(handle, [...applyArgs]);
    await editInUi(handle, 'work', 'First UI edit');
    const first = await dashsync(handle, dir, ['pull', ...apiArgs]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(lines(first.stdout)).toContain('updated  dashboards/work.json');
    await commitAll(dir, 'pull the first UI edit');

    await editInUi(handle, 'work', 'Second UI edit');
    const second = await dashsync(handle, dir, ['pull', ...apiArgs]);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(lines(second.stdout)).toContain('updated  dashboards/work.json');
    expect(JSON.parse(await readFile(file, 'utf8')).description).toBe('Second UI edit');
  });

  it('still refuses a change committed after that pull, naming its commit, not the pull\'s', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, file } = await commitAndApplyTwo(handle, [...applyArgs]);
    await editInUi(handle, 'work', 'First UI edit');
    expect((await dashsync(handle, dir, ['pull', ...apiArgs])).code).toBe(0);
    await commitAll(dir, 'pull the first UI edit');
    const mine = (await readFile(file, 'utf8')).replace('"Workloads"', '"Workloads (PR)"');
    await writeFile(file, mine);
    await commitAll(dir, 'pr: workloads title');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    await editInUi(handle, 'work', 'Second UI edit');
    const pulled = await dashsync(handle, dir, ['pull', ...apiArgs]);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    // `/api` cannot check the saver of a note `/apis` wrote (it names no uid): the line says the push is known by its note alone.
    const byNoteAlone = applyArgs.length === 0 && (apiArgs as readonly string[]).includes('legacy') ? ' \\(known by its content note alone: [^)]+\\)' : '';
    expect(pulled.stdout).toMatch(new RegExp(`^refused +dashboards/work\\.json: changed on both sides since dashsync applied version 1${byNoteAlone}: in git by ${sha}, not applied yet, and in Grafana \\(version 3 by `, 'm'));
    expect(await readFile(file, 'utf8')).toBe(mine);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/calm.json'), 'utf8')).description).not.toBe('Second UI edit');
  });
});

describe('pull after a committed pull, with more of Grafana\'s versions since dashsync\'s push than pull reads (Grafana 11.2)', () => {
  it('reads up to 10 versions between the push and the live one; beyond that it refuses as before', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    const { dir } = await commitAndApplyTwo(handle);
    await editInUi(handle, 'work', 'Pulled UI edit');
    expect((await dashsync(handle, dir, ['pull'])).code).toBe(0);
    await commitAll(dir, 'pull the UI edit');
    // Version 2 is the pulled one; versions 3 to 11 make 10 between the push (1) and the live one (12).
    for (let edit = 3; edit <= 12; edit++) await editInUi(handle, 'work', `UI edit ${edit}`);
    const within = await dashsync(handle, dir, ['pull', '--dry-run']);
    expect(within.code, within.stdout + within.stderr).toBe(0);
    expect(lines(within.stdout)).toContain('would update  dashboards/work.json');

    await editInUi(handle, 'work', 'UI edit 13');
    const beyond = await dashsync(handle, dir, ['pull']);
    expect(beyond.code, beyond.stdout + beyond.stderr).toBe(1);
    expect(beyond.stdout).toMatch(/^refused +dashboards\/work\.json: changed on both sides since dashsync applied version 1: in git by [0-9a-f]{12}, not applied yet, and in Grafana \(version 13 by /m);
  });
});

// pull-49: `/apis` reads the versions between dashsync's push and the live one from the history, in the form the file is
// kept in: a v2 dashboard's too (refused on main, as a classic one was).
describe('pull after a committed pull of a UI edit over dashsync\'s push of a v2 dashboard (Grafana 13)', () => {
  it('takes the second UI edit; a change committed after that pull is still refused, naming its commit', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const file = join(dir, 'dashboards/work.json');
    await writeFile(file, canonicalJson(resource('v2', 'work', v2Spec({ title: 'Workloads' }))));
    await commitAll(dir, 'add work');
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    await editInUi(handle, 'work', 'First UI edit');
    const first = await dashsync(handle, dir, ['pull']);
    expect(lines(first.stdout), first.stderr).toContain('updated  dashboards/work.json');
    await commitAll(dir, 'pull the first UI edit');

    await editInUi(handle, 'work', 'Second UI edit');
    const second = await dashsync(handle, dir, ['pull']);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(lines(second.stdout)).toContain('updated  dashboards/work.json');
    expect(JSON.parse(await readFile(file, 'utf8')).spec.description).toBe('Second UI edit');
    await commitAll(dir, 'pull the second UI edit');

    const mine = (await readFile(file, 'utf8')).replace('"Workloads"', '"Workloads (PR)"');
    await writeFile(file, mine);
    await commitAll(dir, 'pr: workloads title');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await editInUi(handle, 'work', 'Third UI edit');
    const third = await dashsync(handle, dir, ['pull']);
    expect(third.code, third.stdout + third.stderr).toBe(1);
    expect(third.stdout).toMatch(new RegExp(`^refused +dashboards/work\\.json: changed on both sides since dashsync applied version 1: in git by ${sha}, not applied yet, and in Grafana \\(version 4 by `, 'm'));
    expect(await readFile(file, 'utf8')).toBe(mine);
  });
});
