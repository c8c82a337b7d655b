import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { keepOutsideGit } from '../helpers/outside-git.js';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli, runCliInProcess } from '../helpers/run-cli.js';

/** A workspace with these files (relative path → JSON value or text) and, when given, a config. */
async function workspace(files: Record<string, unknown>, config?: unknown): Promise<string> {
  const dir = keepOutsideGit(await mkdtemp(join(tmpdir(), 'dashsync-check-json-')));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  if (config !== undefined) await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config));
  return dir;
}

const dashboard = (uid: string, title: string) => ({ panels: [], schemaVersion: 39, title, uid });

describe('check --format json', () => {
  it('one document: each diagnostic with rule, severity, file, line:col, message, uid and the environments it holds for; the files read; counts; the exit code', async () => {
    const dir = await workspace(
      {
        'dashboards/dev/svc.json': dashboard('svc', 'Service'),
        'dashboards/prod/svc.json': dashboard('svc', 'Service'),
        'dashboards/team/a.json': dashboard('a', 'Same \u001b[31mtitle'),
        'dashboards/team/b.json': dashboard('b', 'Same \u001b[31mtitle'),
      },
      { environments: { dev: { exclude: ['prod/**'] }, prod: { exclude: ['dev/**'] }, qa: {} } },
    );
    const result = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
    expect([result.code, result.stderr]).toEqual([1, '']);
    expect(result.stdout).not.toContain('\u001b');
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({
      formatVersion: 1,
      output: 'dashsync check --format json',
      tool: { name: 'dashsync' },
      environment: null,
      environments: ['dev', 'prod', 'qa'],
      files: { dashboards: 4, libraryPanels: 0, read: ['dashboards/dev/svc.json', 'dashboards/prod/svc.json', 'dashboards/team/a.json', 'dashboards/team/b.json'] },
      fix: null,
      summary: { errors: 2, warnings: 2, fixed: 0 },
      exitCode: 1,
    });
    expect(document.diagnostics[0]).toEqual({
      rule: 'uid-duplicate',
      severity: 'error',
      file: 'dashboards/dev/svc.json',
      line: 5,
      col: 10,
      message: 'uid "svc" is also used by dashboards/prod/svc.json (both selected by environment qa): every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git cannot tell which of them is the copy (no git repository here)',
      uid: 'svc',
      environments: ['qa'],
    });
    const titled = document.diagnostics.find((d: { file: string }) => d.file === 'dashboards/team/a.json');
    expect(titled).toMatchObject({ rule: 'title-duplicate-in-folder', severity: 'warning', uid: 'a', environments: null });
    expect(titled.message).toContain('title "Same \u001b[31mtitle" is also used by dashboards/team/b.json');

    // The text output says the same findings, line for line.
    const text = await runCliInProcess(['check'], { cwd: dir });
    expect(text.stdout.split('\n').filter(Boolean)).toHaveLength(document.diagnostics.length);
    expect(text.stdout).toContain(`dashboards/dev/svc.json:5:10: error: ${document.diagnostics[0].message} (uid-duplicate)`);
  });

  it('each finding of a file with an error carries the uid the file holds (null only when it holds none or does not parse)', async () => {
    const unmapped = { ...dashboard('exp', 'Exported'), panels: [{ id: 1, type: 'logs', title: 'Logs', datasource: { type: 'loki', uid: '${DS_LOKI}' } }] };
    const dir = await workspace({
      'dashboards/exported.json': `${JSON.stringify(unmapped)}\n`,
      'dashboards/_library/up.json': { uid: 'lp-up', name: 'Up', kind: 1, model: { type: 'stat', title: 'Up', datasource: { uid: '${DS_PROM}' } } },
      'dashboards/broken.json': '{ "uid": "broken", ',
      'dashboards/no-uid.json': { panels: [], schemaVersion: 39, title: 'No uid' },
    });
    const result = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
    const uids = (JSON.parse(result.stdout).diagnostics as { file: string; rule: string; uid: string | null }[]).map((d) => [d.file, d.rule, d.uid]);
    // The file the tree reading refused (input-unmapped) holds uid "exp": every one of its findings says so, the error and the not-canonical warning.
    expect(uids.filter(([file]) => file === 'dashboards/exported.json')).toEqual([
      ['dashboards/exported.json', 'not-canonical', 'exp'],
      ['dashboards/exported.json', 'input-unmapped', 'exp'],
    ]);
    expect(uids.filter(([file]) => file === 'dashboards/_library/up.json').map(([, , uid]) => uid)).toEqual(expect.arrayContaining(['lp-up']));
    expect(uids.filter(([file]) => file === 'dashboards/broken.json' || file === 'dashboards/no-uid.json').every(([, , uid]) => uid === null)).toBe(true);
  });

  it('with --fix, says what was rewritten (not on stderr), and the diagnostics after the rewrite', async () => {
    const dir = await workspace({ 'dashboards/x.json': '{"title": "X", "id": 4, "panels": [], "schemaVersion": 39}' });
    const result = await runCliInProcess(['check', '--fix', '--format', 'json'], { cwd: dir });
    expect([result.code, result.stderr]).toEqual([0, '']);
    const document = JSON.parse(result.stdout);
    const uid = JSON.parse(await readFile(join(dir, 'dashboards/x.json'), 'utf8')).uid as string;
    expect(document.fix).toEqual({ rewritten: [{ file: 'dashboards/x.json', changes: ['reformatted', 'removed id', `added uid "${uid}" (if this dashboard already exists in Grafana, dashsync pull writes it with its uid: this new one would make a second copy)`] }], notRewritten: [] });
    expect(document).toMatchObject({ diagnostics: [], summary: { errors: 0, warnings: 0, fixed: 1 }, exitCode: 0 });
  });

  it('the built CLI: stdout holds the document alone, exit 0 on a clean tree; a bad option value is one line on stderr', async () => {
    const dir = await workspace({ 'dashboards/ok.json': dashboard('ok', 'OK') });
    const clean = await runCli(['check', '--format', 'json'], { cwd: dir });
    expect([clean.code, clean.stderr]).toEqual([0, '']);
    expect(JSON.parse(clean.stdout)).toMatchObject({ diagnostics: [], files: { dashboards: 1, read: ['dashboards/ok.json'] }, summary: { errors: 0, warnings: 0 }, exitCode: 0 });
    const markdown = await runCli(['check', '--format', 'markdown'], { cwd: dir });
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toBe('');
    expect(markdown.stderr.trim().split('\n')).toHaveLength(1);
    expect(markdown.stderr).toContain('markdown');
  });
});
