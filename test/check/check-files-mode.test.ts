import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';
import { committedFixture } from './committed-fixture.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/check/${name}/`, import.meta.url));

/** `dashsync check <files…>` as pre-commit and lint-staged call it: report on those files, judge against the whole tree. */
describe('dashsync check with a list of files', () => {
  const temporary: string[] = [];
  afterEach(async () => {
    await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('finds a duplicate uid whose other file was not passed', async () => {
    const cwd = await committedFixture('uid-duplicate');
    const result = await runCli(['check', 'dashboards/a.json'], { cwd });
    expect(result.stdout).toBe(
      'dashboards/a.json:28:10: error: uid "shared-uid" is also used by dashboards/team/b.json: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git added this file and dashboards/team/b.json in one commit, so it cannot tell which is the copy (uid-duplicate)\n',
    );
    expect(result.stderr).toBe('check: 1 dashboard, 1 error, 0 warnings\n');
    expect(result.code).toBe(1);

    const other = await runCli(['check', 'dashboards/team/b.json'], { cwd });
    expect(other.stdout).toBe(
      'dashboards/team/b.json:28:10: error: uid "shared-uid" is also used by dashboards/a.json: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git added this file and dashboards/a.json in one commit, so it cannot tell which is the copy (uid-duplicate)\n',
    );
    expect(other.code).toBe(1);
  });

  it('finds a folder uid collision from the _folder.json that was passed', async () => {
    const result = await runCli(['check', 'dashboards/x/_folder.json'], { cwd: fixture('folder-uid-duplicate') });
    expect(result.stdout).toBe(
      'dashboards/x/_folder.json:3:10: error: folder uid "same-folder" is also used by dashboards/y/_folder.json: each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)\n',
    );
    expect(result.code).toBe(1);

    const dashboard = await runCli(['check', 'dashboards/ops/ops.json'], { cwd: fixture('uid-collides-with-folder') });
    expect(dashboard.stdout).toBe(
      'dashboards/ops/ops.json:28:10: error: uid "ops" is also the uid of folder dashboards/ops/_folder.json:3:10: the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space and refuse the second save); give the folder or the dashboard another uid (uid-collides-with-folder)\n',
    );
  });

  it('reports a problem of the directory that holds a passed file', async () => {
    const result = await runCli(['check', 'dashboards/a/b/c/d/e/f/deep.json'], { cwd: fixture('folder-too-deep') });
    expect(result.stdout).toContain('dashboards/a/b/c/d/e/f: error: folder nesting is 6 levels deep');
    expect(result.code).toBe(1);
  });

  it('leaves out the other files of the tree', async () => {
    const result = await runCli(['check', 'dashboards/team/cpu.json'], { cwd: fixture('title-duplicate-in-folder') });
    expect(result.stdout).toBe(
      'dashboards/team/cpu.json:27:12: warning: title "CPU" is also used by dashboards/team/cpu-copy.json in the same folder: Grafana 11.2 and older refuse that (later releases allow it); give one of them another title where this tree deploys to one of those (title-duplicate-in-folder)\n',
    );
    expect(result.stderr).toBe('check: 1 dashboard, 0 errors, 1 warning\n');
    expect(result.code).toBe(0);
  });

  it('a dashboard titled like the _folder.json beside it: said on the folder when that is passed, else on the dashboard', async () => {
    const folderSide =
      'dashboards/platform-team/_folder.json:2:12: warning: folder title clash: directory platform-team (folder platform-team) would be titled "Platform" in the General level, where dashboard platform-overview (dashboards/platform.json) is titled "Platform"; Grafana 11.2 and older refuse a folder named like a dashboard beside it ("Folder name cannot be the same as one of its dashboards"), so applying this tree to one of those would fail (12 and later allow it): give the folder another "title" in its _folder.json, or rename the dashboard (folder-title-like-dashboard)\n';
    const both = await runCli(['check', 'dashboards/platform.json', 'dashboards/platform-team/_folder.json'], { cwd: fixture('folder-title-like-dashboard') });
    expect(both.stdout).toBe(folderSide);

    const dashboardOnly = await runCli(['check', 'dashboards/platform.json'], { cwd: fixture('folder-title-like-dashboard') });
    expect(dashboardOnly.stdout).toBe(
      'dashboards/platform.json:27:12: warning: title clash: dashboard platform-overview (dashboards/platform.json) is titled "Platform", and directory platform-team (folder platform-team) is titled "Platform"; Grafana 11.2 and older refuse to save a dashboard named like any folder of the org ("Dashboard name cannot be the same as folder"), so applying this tree to one of those would fail (12 and later allow it): rename the dashboard, or the folder (dashboard-title-like-folder)\n',
    );
    expect(dashboardOnly.stderr).toBe('check: 1 dashboard, 0 errors, 1 warning\n');
    expect(dashboardOnly.code).toBe(0);
  });

  it('ignores JSON files that are not dashboards: outside the root, node_modules, dot-directories', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-'));
    temporary.push(dir);
    await cp(fixture('valid'), dir, { recursive: true });
    for (const ignored of ['dashboards/node_modules/lib/package.json', 'dashboards/.vscode/settings.json']) {
      await mkdir(join(dir, ignored, '..'), { recursive: true });
      await writeFile(join(dir, ignored), '{ "not": "a dashboard", }\n');
    }
    await writeFile(join(dir, 'tsconfig.json'), '{ "compilerOptions": {}, }\n');
    await writeFile(join(dir, 'package.json'), '{ "name": "x" }\n');
    await writeFile(join(dir, 'README.md'), '# x\n');

    const result = await runCli(
      [
        'check',
        'package.json',
        'tsconfig.json',
        'dashboards/node_modules/lib/package.json',
        'dashboards/.vscode/settings.json',
        'README.md',
        join(dir, 'dashboards/team-a/latency.json'),
      ],
      { cwd: dir },
    );
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('check: 1 dashboard, 0 errors, 0 warnings\n');
    expect(result.code).toBe(0);

    const nothing = await runCli(['check', 'package.json'], { cwd: dir });
    expect(nothing.stderr).toBe('check: 0 dashboards, 0 errors, 0 warnings\n');
    expect(nothing.code).toBe(0);
  });

  it('a listed file that does not exist is an error, not "0 files"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-'));
    temporary.push(dir);
    await cp(fixture('valid'), dir, { recursive: true });

    // A path pasted from a Windows shell: on Linux its "\\" is part of one file name.
    const result = await runCli(['check', 'dashboards/typo.json', 'dashboards\\team-a\\latency.json', 'dashboards\\typo.json', 'dashboards/team-a/latency.json'], { cwd: dir });

    expect(result.stdout).toBe(
      'dashboards/typo.json: error: no such file or directory (file-not-found)\n' +
        'dashboards\\team-a\\latency.json: error: no such file or directory: here "\\" is part of a file name, not a directory separator; did you mean dashboards/team-a/latency.json? (file-not-found)\n' +
        'dashboards\\typo.json: error: no such file or directory (here "\\" is part of a file name, not a directory separator: use "/") (file-not-found)\n',
    );
    expect(result.stderr).toBe('check: 1 dashboard, 3 errors, 0 warnings\n');
    expect(result.code).toBe(1);
  });

  it('takes a directory for the tree files below it', async () => {
    const result = await runCli(['check', 'dashboards/team'], { cwd: fixture('title-duplicate-in-folder') });
    expect(result.stdout.split('\n').filter(Boolean).map((line) => line.split(':')[0])).toEqual([
      'dashboards/team/cpu-copy.json',
      'dashboards/team/cpu.json',
    ]);
    expect(result.stderr).toBe('check: 2 dashboards, 0 errors, 2 warnings\n');
  });

  it('still reports every problem of a passed file that has several', async () => {
    const result = await runCli(['check', 'dashboards/wrapped.json', 'dashboards/team/broken.json'], { cwd: fixture('fix') });
    expect(result.stdout).toBe(
      [
        'dashboards/team/broken.json:4:10: error: trailing comma: JSON does not allow a comma before a closing brace or bracket (json-syntax)',
        'dashboards/wrapped.json:1:1: warning: file holds the {"dashboard", "meta"} API wrapper; run `dashsync check --fix` to write the bare dashboard model (not-canonical)',
        'dashboards/wrapped.json:9:11: warning: "id": 7 is a database id of one Grafana instance and means nothing elsewhere; run `dashsync check --fix` to remove it (id-present)',
        'dashboards/wrapped.json:12:16: warning: "version": 3 is one Grafana instance\'s save counter, which dashsync neither compares nor sends; run `dashsync check --fix` to remove it (version-present)',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('check: 2 dashboards, 1 error, 3 warnings\n');
    expect(result.code).toBe(1);
  });
});
