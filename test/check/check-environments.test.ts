import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { keepOutsideGit } from '../helpers/outside-git.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commitAll, git } from '../pull/pull-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { resource, v2Spec } from '../unit/v2-builders.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';

const exported = fileURLToPath(new URL('../fixtures/check/input-unmapped/dashboards/', import.meta.url));

/** A workspace with the exported dashboard (it uses ${DS_PROMETHEUS}) and the given config. */
async function workspace(config: unknown): Promise<string> {
  // Its uid-duplicate lines say "no git repository here": git must find none above it.
  const dir = keepOutsideGit(await mkdtemp(join(tmpdir(), 'dashsync-check-envs-')));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(exported, join(dir, 'dashboards'), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config));
  return dir;
}

/** dev and prod deploy into one org (the url written two ways, orgId 1 written once and left to its default once); other into another org. */
const SHARED_ORG = { dev: { url: 'https://grafana.example.com/', exclude: ['prod'] }, prod: { url: 'https://GRAFANA.example.com:443', orgId: 1, exclude: ['dev'] }, other: { url: 'https://grafana.example.com', orgId: 2, exclude: ['dev'] } };

describe('check with environments', () => {
  it('without --env, every environment must map every input; the lines name the environments that do not', async () => {
    const dir = await workspace({ environments: { staging: { inputs: { DS_PROMETHEUS: 'prom-s' } }, production: {}, qa: {} } });
    const result = await runCliInProcess(['check'], { cwd: dir });
    expect(result.stdout).toBe(
      'dashboards/exported.json:14:16: error: input DS_PROMETHEUS is not mapped for environments production, qa: add "DS_PROMETHEUS": "<datasource uid>" to the "inputs" of each of them (under "environments") in dashsync.config.json, or to the top-level "inputs" for every environment (input-unmapped)\n',
    );
    expect(result.stderr).toBe('check: 1 dashboard, 1 error, 0 warnings\n');
    expect(result.code).toBe(1);
  });

  it('a top-level input counts for every environment; then check passes without any Grafana variable or --env', async () => {
    const dir = await workspace({ inputs: { DS_PROMETHEUS: 'prom' }, environments: { staging: {}, production: { inputs: { DS_PROMETHEUS: 'prom-p' } } } });
    const result = await runCliInProcess(['check'], { cwd: dir, env: { GRAFANA_TOKEN_STAGING: 'x', GRAFANA_USER: 'half-set' } });
    expect([result.code, result.stdout, result.stderr]).toEqual([0, '', 'check: 1 dashboard, 0 errors, 0 warnings\n']);
  });

  it('--env (or DASHSYNC_ENV) checks that environment only, and an unknown one is refused', async () => {
    const dir = await workspace({ environments: { staging: { inputs: { DS_PROMETHEUS: 'prom-s' } }, production: {} } });
    expect((await runCliInProcess(['check', '--env', 'staging'], { cwd: dir })).code).toBe(0);
    const production = await runCliInProcess(['check'], { cwd: dir, env: { DASHSYNC_ENV: 'production' } });
    expect(production.code).toBe(1);
    expect(production.stdout).toBe(
      'dashboards/exported.json:14:16: error: input DS_PROMETHEUS is not mapped for environment production: add "DS_PROMETHEUS": "<datasource uid>" to the "inputs" of environment "production" (under "environments") in dashsync.config.json, or to the top-level "inputs" for every environment (input-unmapped)\n',
    );
    // env-55: at the place the file writes its "environments" (line:col), with the closest name and every name.
    const unknown = await runCliInProcess(['check', '--env', 'stagin'], { cwd: dir });
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([
      1,
      '',
      'error: dashsync.config.json:1:2: no environment "stagin" in "environments" (did you mean "staging"?); it defines staging, production: pass one of them to --env\n',
    ]);
    const fromVariable = await runCliInProcess(['check'], { cwd: dir, env: { DASHSYNC_ENV: 'prod' } });
    expect([fromVariable.code, fromVariable.stderr]).toEqual([
      1,
      'error: dashsync.config.json:1:2: no environment "prod" in "environments" (did you mean "production"?); it defines staging, production: set DASHSYNC_ENV to one of them\n',
    ]);
  });

  it('a library panel whose inputs only the environments map: each must map them, and the dashboards using it find it', async () => {
    const dir = await workspace({ inputs: { DS_PROMETHEUS: 'prom' }, environments: { staging: { inputs: { DS_TEMPO: 'tempo-s' } }, production: {} } });
    const panel = { kind: 1, model: { datasource: { uid: '${DS_TEMPO}' }, type: 'traces' }, name: 'Traces', uid: 'lp-traces' };
    await mkdir(join(dir, 'dashboards/_library'));
    await writeFile(join(dir, 'dashboards/_library/traces.json'), `${JSON.stringify(panel, null, 2)}\n`);
    const user = { panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, libraryPanel: { name: 'Traces', uid: 'lp-traces' } }], schemaVersion: 39, title: 'Traces', uid: 'traces' };
    await writeFile(join(dir, 'dashboards/traces.json'), `${JSON.stringify(user, null, 2)}\n`);

    const result = await runCliInProcess(['check'], { cwd: dir });

    expect(result.stdout).toBe(
      'dashboards/_library/traces.json:5:14: error: input DS_TEMPO is not mapped for environment production: add "DS_TEMPO": "<datasource uid>" to the "inputs" of environment "production" (under "environments") in dashsync.config.json, or to the top-level "inputs" for every environment (input-unmapped)\n',
    );
    expect(result.code).toBe(1);
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ inputs: { DS_PROMETHEUS: 'prom' }, environments: { staging: { inputs: { DS_TEMPO: 't' } }, production: { inputs: { DS_TEMPO: 'u' } } } }));
    expect(await runCliInProcess(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
  });

  describe('one file that environments of one Grafana org render with different inputs', () => {
    const environments = (prodPrometheus: string) => ({
      dev: { ...SHARED_ORG.dev, exclude: [], inputs: { DS_PROMETHEUS: 'prom-dev', DS_LOKI: 'loki' } },
      prod: { ...SHARED_ORG.prod, exclude: [], inputs: { DS_PROMETHEUS: prodPrometheus, DS_LOKI: 'loki' } },
      other: { ...SHARED_ORG.other, exclude: [], inputs: { DS_PROMETHEUS: 'prom-other' } },
    });
    const why =
      'environments dev, prod deploy this file to the same Grafana org with different inputs (DS_PROMETHEUS is "prom-dev" in dev, "prom-prod" in prod): ' +
      'each apply puts its own values back into uid "exported", undoing the other\'s; give DS_PROMETHEUS one value for these environments ' +
      '(an environment\'s own "inputs" override the top-level ones: remove it from these environments\' "inputs" and set it once in the top-level "inputs" of dashsync.config.json, ' +
      'or give the same value in each), or select this file in one of them only (include/exclude) (input-differs-in-org)';

    it('is an error of bare check (text, json, pre-commit) naming the environments and the input; the same values, or another org, are none', async () => {
      const dir = await workspace({ environments: environments('prom-prod') });
      const result = await runCliInProcess(['check'], { cwd: dir });
      expect([result.code, result.stdout, result.stderr]).toEqual([1, `dashboards/exported.json:14:16: error: ${why}\n`, 'check: 1 dashboard, 1 error, 0 warnings\n']);
      const json = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
      expect(JSON.parse(json.stdout).diagnostics).toEqual([
        expect.objectContaining({ file: 'dashboards/exported.json', line: 14, col: 16, severity: 'error', rule: 'input-differs-in-org', uid: 'exported', environments: ['dev', 'prod'] }),
      ]);
      expect(await runCliInProcess(['check', 'dashboards/exported.json'], { cwd: dir })).toMatchObject({ code: 1, stdout: `dashboards/exported.json:14:16: error: ${why}\n` });
      // One environment checked alone deploys it once.
      expect(await runCliInProcess(['check', '--env', 'dev'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });

      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: environments('prom-dev') }));
      expect(await runCliInProcess(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
      // prod leaves the file out: dev alone deploys it in that org (prod deploys another, or its selection would be empty: an error of its own).
      await writeFile(join(dir, 'dashboards/prod-only.json'), `${JSON.stringify({ panels: [], schemaVersion: 39, title: 'Prod only', uid: 'prod-only' }, null, 2)}\n`);
      const apart = environments('prom-prod');
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: { ...apart, prod: { ...apart.prod, exclude: ['exported.json'] } } }));
      expect(await runCliInProcess(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    });

    it('holds for a library panel both deploy', async () => {
      const dir = await workspace({ environments: environments('prom-prod') });
      const panel = { kind: 1, model: { datasource: { uid: '${DS_PROMETHEUS}' }, type: 'timeseries', targets: [{ datasource: { uid: '${DS_LOKI}' } }] }, name: 'Up', uid: 'lp-up' };
      await mkdir(join(dir, 'dashboards/_library'));
      await writeFile(join(dir, 'dashboards/_library/up.json'), `${JSON.stringify(panel, null, 2)}\n`);
      const result = await runCliInProcess(['check', 'dashboards/_library/up.json'], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stdout.split('\n').filter((line) => line.includes('(input-differs-in-org)'))).toEqual([`dashboards/_library/up.json:5:14: error: ${why.replace('uid "exported"', 'uid "lp-up"')}`]);
    });
  });

  describe('one uid in per-environment variants', () => {
    /** dashboards/dev/svc.json and dashboards/prod/svc.json, both uid "svc". */
    async function variants(environments: unknown): Promise<string> {
      const dir = await workspace({ inputs: { DS_PROMETHEUS: 'prom' }, environments });
      for (const env of ['dev', 'prod']) {
        await mkdir(join(dir, 'dashboards', env));
        const dashboard = { panels: [], schemaVersion: 39, title: `Service (${env})`, uid: 'svc' };
        await writeFile(join(dir, 'dashboards', env, 'svc.json'), `${JSON.stringify(dashboard, null, 2)}\n`);
      }
      return dir;
    }

    it('pass bare check (the pre-commit hook) when no environment selects both', async () => {
      const dir = await variants({ dev: { exclude: ['prod'] }, prod: { exclude: ['dev'] } });
      expect(await runCliInProcess(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: '', stderr: 'check: 3 dashboards, 2 folders, 0 errors, 0 warnings\n' });
      expect(await runCliInProcess(['check', 'dashboards/dev/svc.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
      expect(await runCliInProcess(['check', '--env', 'dev'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    });

    it('clash when two environments of one Grafana org each select one (bare check, json, pre-commit), naming both', async () => {
      const dir = await variants(SHARED_ORG);
      const result = await runCliInProcess(['check'], { cwd: dir });
      const why = '(selected by environments dev, prod, which deploy to the same Grafana org)';
      expect(result.stdout).toBe(
        `dashboards/dev/svc.json:5:10: error: uid "svc" is also used by dashboards/prod/svc.json ${why}: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git cannot tell which of them is the copy (no git repository here) (uid-duplicate)\n` +
          `dashboards/prod/svc.json:5:10: error: uid "svc" is also used by dashboards/dev/svc.json ${why}: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git cannot tell which of them is the copy (no git repository here) (uid-duplicate)\n`,
      );
      expect(result.code).toBe(1);
      const json = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
      expect(JSON.parse(json.stdout).diagnostics.map((d: { file: string; environments?: string[] }) => [d.file, d.environments])).toEqual([
        ['dashboards/dev/svc.json', ['dev', 'prod']],
        ['dashboards/prod/svc.json', ['dev', 'prod']],
      ]);
      const committed = await runCliInProcess(['check', 'dashboards/prod/svc.json'], { cwd: dir });
      expect([committed.code, committed.stdout]).toEqual([1, `dashboards/prod/svc.json:5:10: error: uid "svc" is also used by dashboards/dev/svc.json ${why}: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git cannot tell which of them is the copy (no git repository here) (uid-duplicate)\n`]);
      // Another org of that Grafana is another deployment.
      const apart = await variants({ dev: { url: 'https://grafana.example.com', exclude: ['prod'] }, prod: { url: 'https://grafana.example.com', orgId: 2, exclude: ['dev'] } });
      expect(await runCliInProcess(['check'], { cwd: apart })).toMatchObject({ code: 0, stdout: '' });
    });

    it('clash when some environment selects both, and the line names it', async () => {
      // qa has no exclude of its own: the top level's (none) holds both.
      const dir = await variants({ dev: { exclude: ['prod'] }, prod: { exclude: ['dev'] }, qa: {} });
      const result = await runCliInProcess(['check'], { cwd: dir });
      expect(result.stdout).toBe(
        'dashboards/dev/svc.json:5:10: error: uid "svc" is also used by dashboards/prod/svc.json (both selected by environment qa): every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git cannot tell which of them is the copy (no git repository here) (uid-duplicate)\n' +
          'dashboards/prod/svc.json:5:10: error: uid "svc" is also used by dashboards/dev/svc.json (both selected by environment qa): every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git cannot tell which of them is the copy (no git repository here) (uid-duplicate)\n',
      );
      expect(result.code).toBe(1);
      const committed = await runCliInProcess(['check', 'dashboards/prod/svc.json'], { cwd: dir });
      expect([committed.code, committed.stdout]).toEqual([
        1,
        'dashboards/prod/svc.json:5:10: error: uid "svc" is also used by dashboards/dev/svc.json (both selected by environment qa): every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git cannot tell which of them is the copy (no git repository here) (uid-duplicate)\n',
      ]);
    });
  });

  describe('folders and library panels per environment', () => {
    /**
     * dashboards/dev and dashboards/prod: each a folder of uid "team" holding dashboard svc.json and library panel
     * "Panel" (uid "lp"); dev has folder reports/ (uid "reports"), and prod a dashboard of uid "reports".
     */
    async function variants(environments: unknown): Promise<string> {
      const dir = await workspace({ inputs: { DS_PROMETHEUS: 'prom' }, environments });
      const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
      for (const env of ['dev', 'prod']) {
        await mkdir(join(dir, 'dashboards', env, '_library'), { recursive: true });
        await writeFile(join(dir, 'dashboards', env, '_folder.json'), json({ title: 'Team', uid: 'team' }));
        await writeFile(join(dir, 'dashboards', env, 'svc.json'), json({ panels: [], schemaVersion: 39, title: `Service (${env})`, uid: `svc-${env}` }));
        await writeFile(join(dir, 'dashboards', env, '_library/panel.json'), json({ kind: 1, model: { type: 'text' }, name: 'Panel', uid: 'lp' }));
      }
      await mkdir(join(dir, 'dashboards/dev/reports'));
      await writeFile(join(dir, 'dashboards/dev/reports/_folder.json'), json({ title: 'Reports', uid: 'reports' }));
      await writeFile(join(dir, 'dashboards/dev/reports/daily.json'), json({ panels: [], schemaVersion: 39, title: 'Daily', uid: 'daily' }));
      await writeFile(join(dir, 'dashboards/prod/reports.json'), json({ panels: [], schemaVersion: 39, title: 'Reports (prod)', uid: 'reports' }));
      return dir;
    }

    it('pass bare check when no environment deploys both', async () => {
      const dir = await variants({ dev: { exclude: ['prod'] }, prod: { exclude: ['dev'] } });
      const result = await runCliInProcess(['check'], { cwd: dir });
      expect([result.code, result.stdout]).toEqual([0, '']);
      expect(result.stderr).toBe('check: 5 dashboards, 3 folders, 2 library panels, 0 errors, 0 warnings\n');
    });

    it('clash when some environment deploys both, each line naming it', async () => {
      const dir = await variants({ dev: { exclude: ['prod'] }, prod: { exclude: ['dev'] }, qa: {} });
      const result = await runCliInProcess(['check'], { cwd: dir });
      const qa = '(both selected by environment qa)';
      expect(result.stdout).toBe(
        `dashboards/dev/_folder.json:3:10: error: folder uid "team" is also used by dashboards/prod/_folder.json ${qa}: each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)\n` +
          `dashboards/dev/_library/panel.json:6:11: error: library panel name "Panel" is also used by dashboards/prod/_library/panel.json ${qa} in the same folder: Grafana refuses two library panels of one name in one folder; give one of them another "name" (library-name-duplicate)\n` +
          `dashboards/dev/_library/panel.json:7:10: error: library panel uid "lp" is also used by dashboards/prod/_library/panel.json ${qa}: every library panel needs its own uid (uid-duplicate)\n` +
          `dashboards/dev/reports/_folder.json:3:10: error: folder uid "reports" is also the uid of dashboard dashboards/prod/reports.json:5:10 ${qa}: the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space and refuse the second save); give the folder or the dashboard another uid (uid-collides-with-folder)\n` +
          `dashboards/prod/_folder.json:3:10: error: folder uid "team" is also used by dashboards/dev/_folder.json ${qa}: each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)\n` +
          `dashboards/prod/_library/panel.json:6:11: error: library panel name "Panel" is also used by dashboards/dev/_library/panel.json ${qa} in the same folder: Grafana refuses two library panels of one name in one folder; give one of them another "name" (library-name-duplicate)\n` +
          `dashboards/prod/_library/panel.json:7:10: error: library panel uid "lp" is also used by dashboards/dev/_library/panel.json ${qa}: every library panel needs its own uid (uid-duplicate)\n` +
          `dashboards/prod/reports.json:5:10: error: uid "reports" is also the uid of folder dashboards/dev/reports/_folder.json:3:10 ${qa}: the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space and refuse the second save); give the folder or the dashboard another uid (uid-collides-with-folder)\n`,
      );
      expect(result.code).toBe(1);
      // pre-commit, one file: the clash is found against the whole tree, and still names the environment.
      const committed = await runCliInProcess(['check', 'dashboards/dev/_folder.json'], { cwd: dir });
      expect([committed.code, committed.stdout]).toEqual([
        1,
        `dashboards/dev/_folder.json:3:10: error: folder uid "team" is also used by dashboards/prod/_folder.json ${qa}: each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)\n`,
      ]);
    });

    it('clash when two environments of one Grafana org each deploy one, each line naming both', async () => {
      const dir = await variants(SHARED_ORG);
      const result = await runCliInProcess(['check'], { cwd: dir });
      const why = '(selected by environments dev, prod, which deploy to the same Grafana org)';
      expect(result.stdout).toBe(
        `dashboards/dev/_folder.json:3:10: error: folder uid "team" is also used by dashboards/prod/_folder.json ${why}: each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)\n` +
          `dashboards/dev/_library/panel.json:6:11: error: library panel name "Panel" is also used by dashboards/prod/_library/panel.json ${why} in the same folder: Grafana refuses two library panels of one name in one folder; give one of them another "name" (library-name-duplicate)\n` +
          `dashboards/dev/_library/panel.json:7:10: error: library panel uid "lp" is also used by dashboards/prod/_library/panel.json ${why}: every library panel needs its own uid (uid-duplicate)\n` +
          `dashboards/dev/reports/_folder.json:3:10: error: folder uid "reports" is also the uid of dashboard dashboards/prod/reports.json:5:10 ${why}: the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space and refuse the second save); give the folder or the dashboard another uid (uid-collides-with-folder)\n` +
          `dashboards/prod/_folder.json:3:10: error: folder uid "team" is also used by dashboards/dev/_folder.json ${why}: each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)\n` +
          `dashboards/prod/_library/panel.json:6:11: error: library panel name "Panel" is also used by dashboards/dev/_library/panel.json ${why} in the same folder: Grafana refuses two library panels of one name in one folder; give one of them another "name" (library-name-duplicate)\n` +
          `dashboards/prod/_library/panel.json:7:10: error: library panel uid "lp" is also used by dashboards/dev/_library/panel.json ${why}: every library panel needs its own uid (uid-duplicate)\n` +
          `dashboards/prod/reports.json:5:10: error: uid "reports" is also the uid of folder dashboards/dev/reports/_folder.json:3:10 ${why}: the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space and refuse the second save); give the folder or the dashboard another uid (uid-collides-with-folder)\n`,
      );
      expect(result.code).toBe(1);
    });
  });

  describe('title and case rules per environment', () => {
    /**
     * dashboards/dev and dashboards/prod: each folder "Team" (uid "team") with dashboard svc.json titled "Service" (uids
     * "svc" and "SVC") and a subfolder reports/ titled "Reports" (uids reports-dev, reports-prod); dev has a folder alerts/
     * titled "Alerts", and prod a dashboard alerts.json titled "Alerts" beside it (in folder team) and reports/latency.json titled "Alerts".
     */
    async function variants(environments: unknown): Promise<string> {
      const dir = await workspace({ inputs: { DS_PROMETHEUS: 'prom' }, environments });
      const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
      const dashboard = (title: string, uid: string) => json({ panels: [], schemaVersion: 39, title, uid });
      for (const [env, svc] of [['dev', 'svc'], ['prod', 'SVC']] as const) {
        await mkdir(join(dir, 'dashboards', env, 'reports'), { recursive: true });
        await writeFile(join(dir, 'dashboards', env, '_folder.json'), json({ title: 'Team', uid: 'team' }));
        await writeFile(join(dir, 'dashboards', env, 'svc.json'), dashboard('Service', svc));
        await writeFile(join(dir, 'dashboards', env, 'reports/_folder.json'), json({ title: 'Reports', uid: `reports-${env}` }));
        await writeFile(join(dir, 'dashboards', env, 'reports/daily.json'), dashboard(`Daily (${env})`, `daily-${env}`));
      }
      await mkdir(join(dir, 'dashboards/dev/alerts'));
      await writeFile(join(dir, 'dashboards/dev/alerts/_folder.json'), json({ title: 'Alerts', uid: 'alerts' }));
      await writeFile(join(dir, 'dashboards/dev/alerts/cpu.json'), dashboard('CPU', 'cpu'));
      await writeFile(join(dir, 'dashboards/prod/alerts.json'), dashboard('Alerts', 'alerts-prod'));
      await writeFile(join(dir, 'dashboards/prod/reports/latency.json'), dashboard('Alerts', 'latency'));
      return dir;
    }

    it('pass bare check when no environment deploys both', async () => {
      const dir = await variants({ dev: { exclude: ['prod'] }, prod: { exclude: ['dev'] } });
      const result = await runCliInProcess(['check'], { cwd: dir });
      expect([result.code, result.stdout]).toEqual([0, '']);
      expect(result.stderr).toBe('check: 8 dashboards, 5 folders, 0 errors, 0 warnings\n');
    });

    it('warn when some environment deploys both, each line naming it', async () => {
      const dir = await variants({ dev: { exclude: ['prod'] }, prod: { exclude: ['dev'] }, qa: {} });
      const result = await runCliInProcess(['check'], { cwd: dir });
      expect(result.stdout).toMatchInlineSnapshot(`
        "dashboards/dev/_folder.json:3:10: error: folder uid "team" is also used by dashboards/prod/_folder.json (both selected by environment qa): each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)
        dashboards/dev/alerts/_folder.json:2:12: warning: folder title clash: directory dev/alerts (folder alerts) would be titled "Alerts" in folder team, where dashboard alerts-prod (dashboards/prod/alerts.json) (both selected by environment qa) is titled "Alerts"; Grafana 11.2 and older refuse a folder named like a dashboard beside it ("Folder name cannot be the same as one of its dashboards"), so applying this tree to one of those would fail (12 and later allow it): give the folder another "title" in its _folder.json, or rename the dashboard (folder-title-like-dashboard)
        dashboards/dev/reports/_folder.json:2:12: warning: folder title clash: directory dev/reports (folder reports-dev) would be titled "Reports" in folder team, where directory prod/reports (folder reports-prod) (both selected by environment qa) is titled "Reports"; Grafana 11.2 and older refuse two folders of one title under one parent, so apply would fail there: give one of them another "title" in its _folder.json (folder-title-duplicate)
        dashboards/dev/svc.json:4:12: warning: title "Service" is also used by dashboards/prod/svc.json (both selected by environment qa) in the same folder: Grafana 11.2 and older refuse that (later releases allow it); give one of them another title where this tree deploys to one of those (title-duplicate-in-folder)
        dashboards/dev/svc.json:5:10: warning: uid "svc" differs only in case from dashboard dashboards/prod/svc.json (both selected by environment qa) ("SVC"): Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid (uid-differs-in-case)
        dashboards/prod/_folder.json:3:10: error: folder uid "team" is also used by dashboards/dev/_folder.json (both selected by environment qa): each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)
        dashboards/prod/reports/_folder.json:2:12: warning: folder title clash: directory prod/reports (folder reports-prod) would be titled "Reports" in folder team, where directory dev/reports (folder reports-dev) (both selected by environment qa) is titled "Reports"; Grafana 11.2 and older refuse two folders of one title under one parent, so apply would fail there: give one of them another "title" in its _folder.json (folder-title-duplicate)
        dashboards/prod/reports/latency.json:4:12: warning: title clash: dashboard latency (dashboards/prod/reports/latency.json) is titled "Alerts", and directory dev/alerts (folder alerts) (both selected by environment qa) is titled "Alerts"; Grafana 11.2 and older refuse to save a dashboard named like any folder of the org ("Dashboard name cannot be the same as folder"), so applying this tree to one of those would fail (12 and later allow it): rename the dashboard, or the folder (dashboard-title-like-folder)
        dashboards/prod/svc.json:4:12: warning: title "Service" is also used by dashboards/dev/svc.json (both selected by environment qa) in the same folder: Grafana 11.2 and older refuse that (later releases allow it); give one of them another title where this tree deploys to one of those (title-duplicate-in-folder)
        dashboards/prod/svc.json:5:10: warning: uid "SVC" differs only in case from dashboard dashboards/dev/svc.json (both selected by environment qa) ("svc"): Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid (uid-differs-in-case)
        "
      `);
      expect(result.code).toBe(1); // the folder uid "team" twice: an error, as before
    });

    it('warn when two environments of one Grafana org each deploy one, each line naming both', async () => {
      const dir = await variants(SHARED_ORG);
      const result = await runCliInProcess(['check'], { cwd: dir });
      const why = '(selected by environments dev, prod, which deploy to the same Grafana org)';
      const lines = result.stdout.split('\n').filter(Boolean);
      expect(lines.map((line) => line.replace(/^(\S+): .*\((\S+)\)$/, '$1 $2'))).toEqual([
        'dashboards/dev/_folder.json:3:10 folder-uid-duplicate',
        'dashboards/dev/alerts/_folder.json:2:12 folder-title-like-dashboard',
        'dashboards/dev/reports/_folder.json:2:12 folder-title-duplicate',
        'dashboards/dev/svc.json:4:12 title-duplicate-in-folder',
        'dashboards/dev/svc.json:5:10 uid-differs-in-case',
        'dashboards/prod/_folder.json:3:10 folder-uid-duplicate',
        'dashboards/prod/reports/_folder.json:2:12 folder-title-duplicate',
        'dashboards/prod/reports/latency.json:4:12 dashboard-title-like-folder',
        'dashboards/prod/svc.json:4:12 title-duplicate-in-folder',
        'dashboards/prod/svc.json:5:10 uid-differs-in-case',
      ]);
      for (const line of lines) expect(line).toContain(why);
    });

    // env-55 walk: qa (another Grafana) deploys both, and dev and prod (one org) one each; the line named qa alone, so
    // taking one file out of qa's selection looked like the fix while the two still met in dev's and prod's org.
    it('name both ways two files meet: an environment that deploys both, and environments of one org that deploy one each', async () => {
      const dir = await variants({ dev: SHARED_ORG.dev, prod: SHARED_ORG.prod, qa: { url: 'https://qa.example.com' } });
      const result = await runCliInProcess(['check'], { cwd: dir });
      const why = '(both selected by environment qa, and selected by environments dev, prod, which deploy to the same Grafana org)';
      expect(result.stdout.split('\n').filter((line) => line.endsWith('(uid-differs-in-case)'))).toEqual([
        `dashboards/dev/svc.json:5:10: warning: uid "svc" differs only in case from dashboard dashboards/prod/svc.json ${why} ("SVC"): Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid (uid-differs-in-case)`,
        `dashboards/prod/svc.json:5:10: warning: uid "SVC" differs only in case from dashboard dashboards/dev/svc.json ${why} ("svc"): Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid (uid-differs-in-case)`,
      ]);
      const json = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
      const folderUid = (JSON.parse(json.stdout) as { diagnostics: { rule: string; environments?: string[] | null }[] }).diagnostics.filter((d) => d.rule === 'folder-uid-duplicate');
      expect(folderUid.map((d) => d.environments)).toEqual([['qa', 'dev', 'prod'], ['qa', 'dev', 'prod']]);
    });

    it('without environments, judge the whole tree as before', async () => {
      const dir = await variants(undefined);
      const result = await runCliInProcess(['check'], { cwd: dir });
      expect(result.stdout).toMatchInlineSnapshot(`
        "dashboards/dev/_folder.json:3:10: error: folder uid "team" is also used by dashboards/prod/_folder.json: each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)
        dashboards/dev/alerts/_folder.json:2:12: warning: folder title clash: directory dev/alerts (folder alerts) would be titled "Alerts" in folder team, where dashboard alerts-prod (dashboards/prod/alerts.json) is titled "Alerts"; Grafana 11.2 and older refuse a folder named like a dashboard beside it ("Folder name cannot be the same as one of its dashboards"), so applying this tree to one of those would fail (12 and later allow it): give the folder another "title" in its _folder.json, or rename the dashboard (folder-title-like-dashboard)
        dashboards/dev/reports/_folder.json:2:12: warning: folder title clash: directory dev/reports (folder reports-dev) would be titled "Reports" in folder team, where directory prod/reports (folder reports-prod) is titled "Reports"; Grafana 11.2 and older refuse two folders of one title under one parent, so apply would fail there: give one of them another "title" in its _folder.json (folder-title-duplicate)
        dashboards/dev/svc.json:4:12: warning: title "Service" is also used by dashboards/prod/svc.json in the same folder: Grafana 11.2 and older refuse that (later releases allow it); give one of them another title where this tree deploys to one of those (title-duplicate-in-folder)
        dashboards/dev/svc.json:5:10: warning: uid "svc" differs only in case from dashboard dashboards/prod/svc.json ("SVC"): Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid (uid-differs-in-case)
        dashboards/prod/_folder.json:3:10: error: folder uid "team" is also used by dashboards/dev/_folder.json: each folder needs its own uid; give one of them another "uid" in its _folder.json (folder-uid-duplicate)
        dashboards/prod/reports/_folder.json:2:12: warning: folder title clash: directory prod/reports (folder reports-prod) would be titled "Reports" in folder team, where directory dev/reports (folder reports-dev) is titled "Reports"; Grafana 11.2 and older refuse two folders of one title under one parent, so apply would fail there: give one of them another "title" in its _folder.json (folder-title-duplicate)
        dashboards/prod/reports/latency.json:4:12: warning: title clash: dashboard latency (dashboards/prod/reports/latency.json) is titled "Alerts", and directory dev/alerts (folder alerts) is titled "Alerts"; Grafana 11.2 and older refuse to save a dashboard named like any folder of the org ("Dashboard name cannot be the same as folder"), so applying this tree to one of those would fail (12 and later allow it): rename the dashboard, or the folder (dashboard-title-like-folder)
        dashboards/prod/svc.json:4:12: warning: title "Service" is also used by dashboards/dev/svc.json in the same folder: Grafana 11.2 and older refuse that (later releases allow it); give one of them another title where this tree deploys to one of those (title-duplicate-in-folder)
        dashboards/prod/svc.json:5:10: warning: uid "SVC" differs only in case from dashboard dashboards/dev/svc.json ("svc"): Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid (uid-differs-in-case)
        "
      `);
    });
  });

  describe('bare check (the pre-commit hook, the Action\'s check) judges each environment\'s include/exclude as check --env does', () => {
    /** shared/ and prod/ dashboards, committed; production's include as given. */
    async function typoed(include: string[], extra: Record<string, unknown> = {}): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-env-globs-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      for (const [path, uid] of [['shared/up.json', 'up'], ['prod/cost.json', 'cost']] as const) {
        await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
        await writeFile(join(dir, 'dashboards', path), `${JSON.stringify({ panels: [], schemaVersion: 39, title: uid, uid }, null, 2)}\n`);
      }
      const environments = { staging: { url: 'https://staging.example.com', include: ['shared'] }, production: { url: 'https://grafana.example.com', include, ...extra } };
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ prune: 'folders', environments }));
      await commitAll(dir, 'tree');
      return dir;
    }
    // check-50: at the glob's line:col in the config file (JSON.stringify writes it on line 1).
    const unmatched = (glob: string, at: string, hint = '') =>
      `dashsync.config.json:${at}: warning: include glob "${glob}" (environment "production"'s include in dashsync.config.json) matches no file below dashboards, so it selects nothing ` +
      `(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files); check it${hint} (glob-unmatched)`;

    it('a glob that matches no file is the warning check --env gives, naming the environment and the config file', async () => {
      const dir = await typoed(['shraed', 'prod']);
      const bare = await runCliInProcess(['check'], { cwd: dir });
      // check-48: with the directory it likely meant.
      expect(bare.stdout).toBe(`${unmatched('shraed', '1:166', '; did you mean shared?')}\n`);
      expect([bare.code, bare.stderr]).toEqual([0, 'check: 2 dashboards, 2 folders, 0 errors, 1 warning\n']);
      const one = await runCliInProcess(['check', '--env', 'production'], { cwd: dir });
      expect(one.stdout).toBe(`${unmatched('shraed', '1:166', '; did you mean shared?')}\n`);
    });

    it('an include that leaves the environment no file is the error check --env stops on (a typo: git never saw it select one)', async () => {
      const dir = await typoed(['shraed']);
      const stop =
        'environment "production"\'s include in dashsync.config.json (shraed) selects no dashboard or library panel file below dashboards, nor any of the files git holds or held there ' +
        '(none moved out of it): fix its include (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files); did you mean shared?';
      const one = await runCliInProcess(['check', '--env', 'production'], { cwd: dir });
      expect([one.code, one.stderr]).toEqual([1, `error: ${stop}\n`]);
      const bare = await runCliInProcess(['check'], { cwd: dir });
      // One line for the cause: the include's glob gets no glob-unmatched line of its own.
      expect(bare.stdout).toBe(`dashsync.config.json:1:165: error: ${stop} (environment-selection)\n`);
      expect([bare.code, bare.stderr]).toEqual([1, 'check: 2 dashboards, 2 folders, 1 error, 0 warnings\n']);
      const json = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
      expect(JSON.parse(json.stdout).diagnostics).toEqual([{ file: 'dashsync.config.json', line: 1, col: 165, severity: 'error', rule: 'environment-selection', message: stop, uid: null, environments: ['production'] }]);
    });

    // check-48: the typo's line names the directory meant, where one beside it is that close.
    it('a typo\'d directory in the include is told the close one (did you mean …?), in check --env and bare check alike', async () => {
      const dir = await typoed(['prdo/**']);
      const stop =
        'environment "production"\'s include in dashsync.config.json (prdo/**) selects no dashboard or library panel file below dashboards, nor any of the files git holds or held there ' +
        '(none moved out of it): fix its include (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files); did you mean prod/**?';
      const one = await runCliInProcess(['check', '--env', 'production'], { cwd: dir });
      expect([one.code, one.stdout, one.stderr]).toEqual([1, '', `error: ${stop}\n`]);
      const bare = await runCliInProcess(['check'], { cwd: dir });
      expect([bare.code, bare.stdout]).toEqual([1, `dashsync.config.json:1:165: error: ${stop} (environment-selection)\n`]);
      // Nothing close: no guess.
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ prune: 'folders', environments: { staging: { include: ['shared'] }, production: { include: ['billing/**'] } } }));
      const far = await runCliInProcess(['check', '--env', 'production'], { cwd: dir });
      expect(far.code).toBe(1);
      expect(far.stderr).toMatch(/fix its include \(globs are relative to the root: [^)]*\)\n$/);
    });

    // check-49: --fix stopped on its own walk's old words (`check the globs`: no git judgement, no hint).
    it('check --fix stops on a typo\'d include with check\'s words (did you mean …?) and writes no file', async () => {
      const dir = await typoed(['prdo/**']);
      // A file staging selects that --fix would rewrite (4-space indent), were the run to go on.
      const loose = `${JSON.stringify({ panels: [], schemaVersion: 39, title: 'loose', uid: 'loose' }, null, 4)}\n`;
      await writeFile(join(dir, 'dashboards/shared/loose.json'), loose);
      const checked = await runCliInProcess(['check', '--env', 'production'], { cwd: dir });
      expect(checked.stderr).toContain('did you mean prod/**?');
      const fixed = await runCliInProcess(['check', '--env', 'production', '--fix'], { cwd: dir });
      expect([fixed.code, fixed.stdout, fixed.stderr]).toEqual([checked.code, checked.stdout, checked.stderr]);
      expect(await readFile(join(dir, 'dashboards/shared/loose.json'), 'utf8')).toBe(loose);
      expect(await git(dir, 'status', '--porcelain')).toBe('?? dashboards/shared/loose.json\n');
    });

    it('an exclude that keeps nothing out, and a "\\" glob, are said too; a list taken from the top level is said once', async () => {
      const dir = await typoed(['prod'], { exclude: ['prod/old'] });
      const bare = await runCliInProcess(['check'], { cwd: dir });
      expect(bare.stdout).toContain('warning: exclude glob "prod/old" (environment "production"\'s exclude in dashsync.config.json) matches no file below dashboards, so it keeps nothing out');
      const slashed = await typoed(['prod\\cost.json']);
      const refused = await runCliInProcess(['check'], { cwd: slashed });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('dashsync.config.json:1:166: error: glob "prod\\cost.json" (environment "production"\'s include in dashsync.config.json) holds a "\\"');
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ include: ['shared', 'shraed'], environments: { staging: {}, production: {} } }));
      const top = await runCliInProcess(['check'], { cwd: dir });
      expect(top.stdout.split('\n').filter((line) => line.includes('(glob-unmatched)'))).toHaveLength(1);
    });

    it('a pre-commit run that lists the config file checks the whole tree against it', async () => {
      const dir = await typoed(['shraed']);
      const listed = await runCliInProcess(['check', '--pre-commit', 'dashsync.config.json'], { cwd: dir });
      expect(listed.code).toBe(1);
      expect(listed.stdout).toContain('(environment-selection)');
      expect(listed.stderr).toBe('check: 2 dashboards, 2 folders, 1 error, 0 warnings\n');
      // A dashboard alone is judged as before: the config is not its business.
      const file = await runCliInProcess(['check', '--pre-commit', 'dashboards/shared/up.json'], { cwd: dir });
      expect([file.code, file.stdout, file.stderr]).toEqual([0, '', 'check: 1 dashboard, 0 errors, 0 warnings\n']);
    });
  });

  describe('an environment whose every file moved out (its include selects none)', () => {
    /** a and b in one org; b's directory joined a's (git held b1.json in team-b: `history`), so b's include in the config selects no file. */
    async function emptied(config: Record<string, unknown>, history: 'moved, not committed' | 'moved, committed' | 'no git' = 'no git'): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-emptied-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      const environments = { a: { url: 'https://grafana.example.com', include: ['team-a'] }, b: { url: 'https://grafana.example.com', include: ['team-b'] } };
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ prune: 'folders', environments, ...config }));
      const dashboard = `${JSON.stringify({ panels: [], schemaVersion: 39, title: 'B one', uid: 'b1' }, null, 2)}\n`;
      await mkdir(join(dir, 'dashboards/team-a'), { recursive: true });
      if (history === 'no git') {
        await writeFile(join(dir, 'dashboards/team-a/b1.json'), dashboard);
        return dir;
      }
      await mkdir(join(dir, 'dashboards/team-b'), { recursive: true });
      await writeFile(join(dir, 'dashboards/team-b/b1.json'), dashboard);
      await commitAll(dir, 'two teams');
      await git(dir, 'mv', 'dashboards/team-b/b1.json', 'dashboards/team-a/b1.json');
      if (history === 'moved, committed') await commitAll(dir, 'team-b joins team-a');
      return dir;
    }
    const planned =
      'dashsync.config.json:1:150: warning: environment "b"\'s include in dashsync.config.json (team-b) selects no dashboard or library panel file: dashsync plan --env b only prunes ' +
      'what environment b left in Grafana (its folders and the dashboards and library panels no file holds there); to clean up, apply the environment its files moved to (a) first, ' +
      'then b, then remove environment b from dashsync.config.json; or fix its include (environment-emptied)';

    it.each(['moved, not committed', 'moved, committed'] as const)(
      'passes with one warning saying what its plan does and the clean-up, as plan plans it (prune on, include from the config, git shows its files: %s)',
      async (history) => {
        const dir = await emptied({}, history);
        const result = await runCliInProcess(['check', '--env', 'b'], { cwd: dir });
        // One warning per cause: the include's glob gets no glob-unmatched line of its own.
        expect(result.stdout).toBe(`${planned}\n`);
        expect([result.code, result.stderr]).toEqual([0, 'check: 0 dashboards, 0 errors, 1 warning\n']);
      },
    );

    // check-49: --fix stopped here (`check the globs`), where check and plan go on.
    it('check --fix passes with check\'s warning, as check does', async () => {
      const dir = await emptied({}, 'moved, committed');
      const checked = await runCliInProcess(['check', '--env', 'b'], { cwd: dir });
      const fixed = await runCliInProcess(['check', '--env', 'b', '--fix'], { cwd: dir });
      expect([fixed.code, fixed.stdout, fixed.stderr]).toEqual([0, `${planned}\n`, 'check: 0 dashboards, 0 errors, 1 warning\n']);
      expect([fixed.code, fixed.stdout, fixed.stderr]).toEqual([checked.code, checked.stdout, checked.stderr]);
    });

    it('is an error when the include never selected a file git holds or held (a typo): fix its include', async () => {
      const dir = await emptied({}, 'moved, committed');
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ prune: 'folders', environments: { a: { url: 'https://grafana.example.com', include: ['team-a'] }, b: { url: 'https://grafana.example.com', include: ['taem-b/**'] } } }));
      const result = await runCliInProcess(['check', '--env', 'b'], { cwd: dir });
      expect([result.code, result.stdout]).toEqual([1, '']);
      expect(result.stderr).toContain(
        'error: environment "b"\'s include in dashsync.config.json (taem-b/**) selects no dashboard or library panel file below dashboards, nor any of the files git holds or held there ' +
          '(none moved out of it): fix its include (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files)\n',
      );
      // Without git, a move cannot be told from a typo: the same stop, saying why.
      const untracked = await runCliInProcess(['check', '--env', 'b'], { cwd: await emptied({}) });
      expect([untracked.code, untracked.stdout]).toEqual([1, '']);
      expect(untracked.stderr).toContain(
        'error: environment "b"\'s include in dashsync.config.json (team-b) selects no dashboard or library panel file below dashboards, and without git history (no repository, or no commit) ' +
          'dashsync cannot tell a typo from files moved out of it: if the globs are wrong, fix its include (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files); ' +
          'if its files moved to another environment, commit the move (or run in a clone with its history), then plan again: that plan prunes what the environment left in Grafana\n',
      );
    });

    // review-13 LOW-5: told "fix its include" before, though the exclude removes the files git holds there.
    it('names the exclude when it removes every file the include selects', async () => {
      const dir = await emptied({}, 'moved, committed');
      await mkdir(join(dir, 'dashboards/team-b'), { recursive: true });
      await writeFile(join(dir, 'dashboards/team-b/b9.json'), `${JSON.stringify({ panels: [], schemaVersion: 39, title: 'B nine', uid: 'b9' }, null, 2)}\n`);
      const environments = { a: { url: 'https://grafana.example.com', include: ['team-a'] }, b: { url: 'https://grafana.example.com', include: ['team-b/**'], exclude: ['team-b/*.json'] } };
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ prune: 'folders', environments }));
      await commitAll(dir, 'b9');
      const result = await runCliInProcess(['check', '--env', 'b'], { cwd: dir });
      expect([result.code, result.stdout]).toEqual([1, '']);
      expect(result.stderr).toContain(
        'error: environment "b"\'s include in dashsync.config.json (team-b/**) with environment "b"\'s exclude in dashsync.config.json (team-b/*.json) selects no dashboard or library panel file below dashboards, ' +
          'nor any of the files git holds or held there (none moved out of it): its exclude removes every file its include selects: fix its exclude\n',
      );
    });

    // check-48: a commit of dashboards alone was never judged against the environments' selections.
    it('a pre-commit run of the moved files judges the environment they left (git shows the old path): its warning, or with prune off its error', async () => {
      const dir = await emptied({}, 'moved, not committed');
      const moved = await runCliInProcess(['check', '--pre-commit', 'dashboards/team-a/b1.json'], { cwd: dir });
      expect([moved.code, moved.stdout, moved.stderr]).toEqual([0, `${planned}\n`, 'check: 1 dashboard, 0 errors, 1 warning\n']);
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ prune: false, environments: { a: { url: 'https://grafana.example.com', include: ['team-a'] }, b: { url: 'https://grafana.example.com', include: ['team-b'] } } }));
      const unpruned = await runCliInProcess(['check', '--pre-commit', 'dashboards/team-a/b1.json'], { cwd: dir });
      expect([unpruned.code, unpruned.stdout]).toEqual([
        1,
        'dashsync.config.json:1:146: error: environment "b"\'s include in dashsync.config.json (team-b) selects no dashboard or library panel file below dashboards ' +
          '(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files). Check the globs (environment-selection)\n',
      ]);
    });

    it('is still an error where plan stops too: prune off, or the include given on the command line', async () => {
      const unpruned = await runCliInProcess(['check', '--env', 'b'], { cwd: await emptied({ prune: false }) });
      expect([unpruned.code, unpruned.stdout]).toEqual([1, '']);
      // review-12 LOW-8: the include came from the config, not the command line, and the error says so.
      expect(unpruned.stderr).toContain('error: environment "b"\'s include in dashsync.config.json (team-b) selects no dashboard or library panel file below dashboards');
      const typed = await runCliInProcess(['check', '--env', 'b', '--include', 'team-b'], { cwd: await emptied({}) });
      expect([typed.code, typed.stdout]).toEqual([1, '']);
      expect(typed.stderr).toContain('--include team-b selects no dashboard or library panel file');
    });
  });
  // check-48: such a file kept its dashboard from every prune, and the plan only counted it among those not pruned.
  describe('files no environment selects', () => {
    async function withLegacy(prune: unknown): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-unselected-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      for (const [path, uid] of [['team-a/a1.json', 'a1'], ['team-b/b1.json', 'b1'], ['legacy/l1.json', 'l1'], ['legacy/l2.json', 'l2']] as const) {
        await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
        await writeFile(join(dir, 'dashboards', path), `${JSON.stringify({ panels: [], schemaVersion: 39, title: uid, uid }, null, 2)}\n`);
      }
      const environments = { a: { url: 'https://a.example.com', include: ['team-a'] }, b: { url: 'https://b.example.com', include: ['team-b'] } };
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ prune, environments }));
      return dir;
    }
    const named = (files: string) =>
      `dashsync.config.json:1:20: warning: no environment selects ${files}: nothing deploys them, yet every plan that prunes keeps the dashboards and library panels they hold (whose they are cannot be told); ` +
      "add them to an environment's include (or take them out of its exclude) in dashsync.config.json, or remove the files (selected-by-no-environment)\n";

    it('are named in one warning by bare check and check --env, with every file in the JSON', async () => {
      const dir = await withLegacy('folders');
      const bare = await runCliInProcess(['check'], { cwd: dir });
      expect([bare.code, bare.stdout, bare.stderr]).toEqual([0, named('2 files (dashboards/legacy/l1.json, dashboards/legacy/l2.json)'), 'check: 4 dashboards, 3 folders, 0 errors, 1 warning\n']);
      const one = await runCliInProcess(['check', '--env', 'a'], { cwd: dir });
      expect([one.code, one.stdout]).toEqual([0, named('2 files (dashboards/legacy/l1.json, dashboards/legacy/l2.json)')]);
      const json = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
      expect(JSON.parse(json.stdout).diagnostics).toEqual([
        expect.objectContaining({ file: 'dashsync.config.json', line: 1, col: 20, severity: 'warning', rule: 'selected-by-no-environment', files: ['dashboards/legacy/l1.json', 'dashboards/legacy/l2.json'], uid: null }),
      ]);
    });

    it('a pre-commit run names those of its files only', async () => {
      const dir = await withLegacy('folders');
      const listed = await runCliInProcess(['check', '--pre-commit', 'dashboards/legacy/l2.json', 'dashboards/team-a/a1.json'], { cwd: dir });
      expect(listed.stdout).toBe(
        'dashsync.config.json:1:20: warning: no environment selects dashboards/legacy/l2.json: nothing deploys it, yet every plan that prunes keeps the dashboard or library panel it holds (whose it is cannot be told); ' +
          "add it to an environment's include (or take it out of its exclude) in dashsync.config.json, or remove the file (selected-by-no-environment)\n",
      );
      expect(await runCliInProcess(['check', '--pre-commit', 'dashboards/team-a/a1.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    });

    // walk-through 16 M-2: with prune off everywhere (the default) nobody named such a file, and nothing ever deployed it.
    it('with prune off everywhere, are still named (nothing deploys them), without the prune clause; an exclude leaves one out on purpose', async () => {
      const dir = await withLegacy(false);
      const unpruned = (files: string, them: string) =>
        `dashsync.config.json:1:16: warning: no environment selects ${files}: nothing deploys ${them}; add ${them} to an environment's include in dashsync.config.json, ` +
        `or, to leave ${them} undeployed on purpose, to an environment's exclude (selected-by-no-environment)\n`;
      const bare = await runCliInProcess(['check'], { cwd: dir });
      expect([bare.code, bare.stdout]).toEqual([0, unpruned('2 files (dashboards/legacy/l1.json, dashboards/legacy/l2.json)', 'them')]);
      const hook = await runCliInProcess(['check', '--pre-commit', 'dashboards/legacy/l2.json'], { cwd: dir });
      expect([hook.code, hook.stdout]).toEqual([0, unpruned('dashboards/legacy/l2.json', 'it')]);
      const environments = { a: { url: 'https://a.example.com', include: ['team-a'] }, b: { url: 'https://b.example.com', include: ['team-b'], exclude: ['legacy'] } };
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments }));
      expect(await runCliInProcess(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    });
  });

  // walk-through 19 F-11: check --env prod passed a tree plan --env prod refuses, and the plan's advice named check --env prod.
  describe('a file the environment leaves out that names no uid', () => {
    async function withBroken(prune: unknown): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-left-out-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
      await mkdir(join(dir, 'dashboards', 'experiments'), { recursive: true });
      await writeFile(join(dir, 'dashboards', 'team', 'a.json'), `${JSON.stringify({ panels: [], schemaVersion: 39, title: 'A', uid: 'a' }, null, 2)}\n`);
      await writeFile(join(dir, 'dashboards', 'experiments', 'bad.json'), '{"uid":"bad","title":"Bad",\n');
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: { prod: { url: 'https://p.example.com', exclude: ['experiments/**'], prune } } }));
      return dir;
    }

    it('fails check --env of an environment that prunes, with the line plan --env stops on', async () => {
      const result = await runCliInProcess(['check', '--env', 'prod'], { cwd: await withBroken('folders') });
      expect(result.code).toBe(1);
      expect(result.stdout.split('\n')[0]).toMatch(/^dashboards\/experiments\/bad\.json:2:1: error: outside this run's selection \(environment "prod"'s exclude in dashsync\.config\.json\), yet prune needs the uid of every file of the tree, and this one names none \(unexpected end of file .*\(prune-needs-uid\)$/);
      // stop-52 §12.5: check's own line advised running check ("fix it (dashsync check)"); it says what the file stops instead.
      expect(result.stdout.split('\n')[0]).toMatch(/\); fix it: plan and apply stop on it too while they prune \(prune-needs-uid\)$/);
    });

    it("takes no uid from another tool's file it leaves out (walk-19 F-3): a package.json is no missing uid", async () => {
      const dir = await withBroken('folders');
      await writeFile(join(dir, 'dashboards', 'experiments', 'bad.json'), '{"name":"experiments","version":"1.0.0"}\n');
      const result = await runCliInProcess(['check', '--env', 'prod'], { cwd: dir });
      expect([result.code, result.stdout.includes('prune-needs-uid')]).toEqual([0, false]);
    });

    it('passes check --env of an environment that does not prune: its plan never reads the file', async () => {
      const result = await runCliInProcess(['check', '--env', 'prod'], { cwd: await withBroken(false) });
      expect([result.code, result.stdout.includes('prune-needs-uid')]).toEqual([0, false]);
    });

    // env-55 (stop 54 §2): bare check named such a file against the top level's lists, which no environment's plan reads.
    it.each([
      [
        "an environment's own exclude",
        { exclude: ['experiments/**'], environments: { prod: { url: 'https://p.example.com', prune: 'folders', exclude: ['experiments/**', 'old/**'] }, dev: { url: 'https://d.example.com' } } },
        'environment "prod"\'s exclude in dashsync.config.json',
      ],
      [
        "the top level's exclude and prune, which one environment turns off",
        { prune: 'folders', exclude: ['experiments/**'], environments: { prod: { url: 'https://p.example.com' }, dev: { url: 'https://d.example.com', prune: false } } },
        'the "exclude" of dashsync.config.json',
      ],
    ])('bare check names a file every environment leaves out against the selection of those that prune (%s)', async (_case, config, lists) => {
      const dir = await withBroken('folders');
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config));
      const result = await runCliInProcess(['check'], { cwd: dir });
      expect(result.code).toBe(1);
      const line = result.stdout.split('\n').find((text) => text.endsWith('(prune-needs-uid)'));
      expect(line).toMatch(/^dashboards\/experiments\/bad\.json:2:1: error: outside the selection of environment prod \((.*)\), yet prune needs the uid of every file of the tree, and this one names none \(unexpected end of file .*\); fix it: plan and apply of environment prod stop on it too while it prunes \(prune-needs-uid\)$/);
      expect(line).toContain(`outside the selection of environment prod (${lists}), yet`);
    });
  });

  // walk-through 19 F-9: a one-off --include into a directory the environment excludes said "check the globs", not how to get past the exclude.
  it("--include that the environment's exclude empties says that a command-line --exclude replaces it", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-include-excluded-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    for (const path of ['team/a.json', 'experiments/exp.json']) {
      await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
      await writeFile(join(dir, 'dashboards', path), `${JSON.stringify({ panels: [], schemaVersion: 39, title: path, uid: path.replace(/\W/g, '-') }, null, 2)}\n`);
    }
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: { prod: { url: 'https://p.example.com', exclude: ['experiments/**'] } } }));
    const refused = await runCliInProcess(['check', '--env', 'prod', '--include', 'experiments/**'], { cwd: dir });
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      'error: --include experiments/** with environment "prod"\'s exclude in dashsync.config.json (experiments/**) selects no dashboard or library panel file below dashboards: ' +
        'that exclude leaves out every file this --include selects; an --exclude on the command line replaces it: add --exclude with the globs you do want left out (a glob that matches nothing leaves out nothing), or change environment "prod"\'s exclude in dashsync.config.json\n',
    ]);
    const overridden = await runCliInProcess(['check', '--env', 'prod', '--include', 'experiments/**', '--exclude', 'team/**'], { cwd: dir });
    expect(overridden.code).toBe(0);
    // A glob that selects nothing at all is still the typo it was.
    const typo = await runCliInProcess(['check', '--env', 'prod', '--include', 'experiment/**'], { cwd: dir });
    expect(typo.stderr).toContain('. Check the globs');
  });
});

// review-53 F1: only an environment prunes; check without --env must read behind the tree's links as that environment's plan does.
describe('check without --env, a config where only an environment prunes', () => {
  async function linkedWithoutUid(environments: Record<string, unknown>): Promise<string> {
    const dir = await workspace({ inputs: { DS_PROMETHEUS: 'prom' }, environments });
    const outside = await mkdtemp(join(tmpdir(), 'dashsync-check-envs-linked-'));
    onTestFinished(() => rm(outside, { recursive: true, force: true }));
    await writeFile(join(outside, 'b.json'), JSON.stringify({ title: 'B', panels: [] }));
    await symlink(outside, join(dir, 'dashboards', 'linked'));
    return dir;
  }

  it('fails on a file behind a directory link that names no uid, naming the environments that prune, as their plan stops', async () => {
    const dir = await linkedWithoutUid({ prod: { url: 'http://127.0.0.1:1', prune: 'all' }, staging: { url: 'http://127.0.0.1:1' }, qa: { url: 'http://127.0.0.1:1', prune: 'folders' } });
    const result = await runCliInProcess(['check'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'dashboards/linked/b.json:1:1: error: behind the directory link dashboards/linked, yet prune needs the uid of every file of the tree, and this one names none (it has no "uid"); fix it, or remove the link: plan and apply of environments prod, qa stop on it too while they prune (prune-needs-uid)\n',
    );
    const json = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
    const findings = (JSON.parse(json.stdout) as { diagnostics: { rule: string; environments: string[] | null }[] }).diagnostics;
    expect(findings.filter((d) => d.rule === 'prune-needs-uid').map((d) => d.environments)).toEqual([['prod', 'qa']]);
    const one = await runCliInProcess(['check'], { cwd: await linkedWithoutUid({ prod: { url: 'http://127.0.0.1:1', prune: 'all' }, staging: { url: 'http://127.0.0.1:1' } }) });
    expect(one.stdout).toContain('fix it, or remove the link: plan and apply of environment prod stop on it too while it prunes (prune-needs-uid)\n');
  });

  it('passes with the link\'s warning when no environment prunes', async () => {
    const dir = await linkedWithoutUid({ prod: { url: 'http://127.0.0.1:1' } });
    const result = await runCliInProcess(['check'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('this run does not prune, so nothing below it is read');
  });

  // env-55 (stop 54 §2, after mend-54): check --env and plan named the link; bare check's stop for that environment did not.
  it("an environment whose include selects only files behind a directory link: bare check's stop names the link, as check --env does", async () => {
    const dir = await linkedWithoutUid({ prod: { url: 'http://127.0.0.1:1', include: ['linked/**'] }, dev: { url: 'http://127.0.0.1:1' } });
    const behind = '(only files behind the directory link linked, which dashsync does not follow: copy the files in, or make it a git submodule)';
    const one = await runCliInProcess(['check', '--env', 'prod'], { cwd: dir });
    expect([one.code, one.stderr]).toEqual([1, expect.stringContaining(behind)]);
    const bare = await runCliInProcess(['check'], { cwd: dir });
    expect(bare.code).toBe(1);
    expect(bare.stdout).toMatch(/^dashsync\.config\.json:1:\d+: error: environment "prod"'s include in dashsync\.config\.json \(linked\/\*\*\) selects no dashboard or library panel file below dashboards .* \(environment-selection\)$/m);
    expect(bare.stdout).toContain(`selects no dashboard or library panel file below dashboards ${behind} (globs are relative`);
  });
});

// tree-55b (tree-55's leftover): check --env named the dot-directory its include points inside and gave glob-file-name; bare
// check's look at that environment said neither.
describe("check without --env judges an environment's globs as check --env does", () => {
  async function dotted(include: string[]): Promise<string> {
    const dir = keepOutsideGit(await mkdtemp(join(tmpdir(), 'dashsync-check-env-dot-')));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    for (const [path, uid] of [['.archive/old.json', 'old'], ['ops/[draft].json', 'draft'], ['ops/a.json', 'a']] as const) {
      await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
      await writeFile(join(dir, 'dashboards', path), canonicalJson({ panels: [], schemaVersion: 39, title: uid, uid }));
    }
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: { prod: { url: 'http://127.0.0.1:1', include }, dev: { url: 'http://127.0.0.1:1' } } }));
    return dir;
  }

  it('an include inside a dot-directory: the stop names the dot-directory', async () => {
    const dir = await dotted(['.archive/**']);
    const below = '(only files below the dot-directory .archive, which dashsync never reads: rename it without the leading dot if it holds dashboards)';
    const one = await runCliInProcess(['check', '--env', 'prod'], { cwd: dir });
    expect([one.code, one.stderr]).toEqual([1, expect.stringContaining(below)]);
    const bare = await runCliInProcess(['check'], { cwd: dir });
    expect(bare.code).toBe(1);
    expect(bare.stdout).toContain(`environment "prod"'s include in dashsync.config.json (.archive/**) selects no dashboard or library panel file below dashboards ${below} (globs are relative`);
  });

  it('an include that is a file name holding glob characters: the glob-file-name warning, once, whose fix pastes into the config file', async () => {
    const dir = await dotted(['ops/[draft].json']);
    // review-55 F5: the shell's form ("ops/\[draft\].json") pasted into the JSON config is an invalid escape there.
    const warning =
      'warning: include glob "ops/[draft].json" (environment "prod"\'s include in dashsync.config.json) is the name of the file ops/[draft].json, but as a glob it selects ops/a.json too; ' +
      'write "ops/\\\\[draft\\\\].json" in dashsync.config.json to name that file alone (a "\\" before a glob character makes it literal, and a JSON string writes each "\\" as "\\\\") (glob-file-name)';
    for (const args of [['check', '--env', 'prod'], ['check']]) {
      const result = await runCliInProcess(args, { cwd: dir });
      expect([result.code, result.stdout.split('\n').filter((line) => line.endsWith('(glob-file-name)'))]).toEqual([0, [expect.stringContaining(warning)]]);
    }
    // Pasted as printed, between the brackets of that include: the file alone is selected, and the warning is gone.
    const pasted = / write ("[^"]*(?:\\.[^"]*)*") in dashsync\.config\.json /.exec(warning)![1]!;
    const config = join(dir, 'dashsync.config.json');
    await writeFile(config, (await readFile(config, 'utf8')).replace('"include":["ops/[draft].json"]', `"include":[${pasted}]`));
    const fixed = await runCliInProcess(['check', '--env', 'prod'], { cwd: dir });
    expect([fixed.code, fixed.stdout, fixed.stderr]).toEqual([0, '', 'check: 1 dashboard, 1 folder, 0 errors, 0 warnings\n']);
  });
});

// env-54 (stop 53 §11.4): bare check read the files the top level's include/exclude select, and judged every file by every
// environment's inputs: a file only an environment's own include selects went unread (its plan stops on it), and a file an
// environment leaves out was an error for that environment's inputs (its plan never renders it).
describe('check without --env judges each environment by its own selection', () => {
  const dashboard = (uid: string | undefined, datasource?: string) => ({
    panels: datasource === undefined ? [] : [{ datasource: { type: 'prometheus', uid: datasource }, gridPos: { h: 4, w: 6, x: 0, y: 0 }, id: 1, title: 'Up', type: 'stat' }],
    schemaVersion: 39,
    title: `Board ${uid ?? 'without uid'}`,
    ...(uid === undefined ? {} : { uid }),
  });

  async function tree(files: Record<string, unknown>, config: unknown): Promise<string> {
    const dir = keepOutsideGit(await mkdtemp(join(tmpdir(), 'dashsync-check-env-own-')));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    for (const [path, document] of Object.entries(files)) {
      await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
      await writeFile(join(dir, 'dashboards', path), canonicalJson(document));
    }
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(config));
    return dir;
  }

  it("reads a file only an environment's own include selects, as that environment's check and plan do", async () => {
    const dir = await tree(
      { 'shared/up.json': dashboard('up'), 'prod/cost.json': dashboard(undefined), 'dev/trial.json': dashboard('trial', '${DS_DEV}') },
      { include: ['shared'], environments: { dev: { url: 'https://dev.example.com', include: ['shared', 'dev'], inputs: { DS_DEV: 'prom-dev' } }, prod: { url: 'https://grafana.example.com', include: ['shared', 'prod'] } } },
    );
    const own = await runCliInProcess(['check', '--env', 'prod'], { cwd: dir });
    expect(own.code).toBe(1);
    const bare = await runCliInProcess(['check'], { cwd: dir });
    expect(bare.code).toBe(1);
    expect(bare.stdout.split('\n').filter((line) => line.includes('(uid-missing)'))).toEqual(own.stdout.split('\n').filter((line) => line.includes('(uid-missing)')));
    expect(bare.stdout).toMatch(/^dashboards\/prod\/cost\.json:\d+:\d+: error: .*\(uid-missing\)$/m);
    // dev/trial.json is read too, and judged by dev's inputs alone: prod never deploys it.
    expect(bare.stdout).not.toContain('input-unmapped');
    expect(bare.stderr).toBe('check: 3 dashboards, 3 folders, 1 error, 0 warnings\n');
  });

  // review-54 F3: bare check judged a prod-only file, but --fix (the hook's args: [--fix]) fixed only the top level's selection.
  it("--fix fixes what bare check reports in a file only an environment selects; the hook's --fix rewrites only the staged file", async () => {
    const config = { include: ['shared'], environments: { prod: { url: 'https://grafana.example.com', include: ['shared', 'prod'] }, staging: { url: 'https://staging.example.com', include: ['shared', 'staging'] } } };
    const dir = await tree({ 'shared/up.json': dashboard('up'), 'staging/trial.json': dashboard('trial') }, config);
    const minified = JSON.stringify(dashboard('old'));
    await mkdir(join(dir, 'dashboards/prod'));
    await writeFile(join(dir, 'dashboards/prod/old.json'), minified);
    await commitAll(dir, 'tree');
    await writeFile(join(dir, 'dashboards/prod/new.json'), canonicalJson(dashboard(undefined)));
    await git(dir, 'add', 'dashboards/prod/new.json');

    const hook = await runCliInProcess(['check', '--pre-commit', '--fix', 'dashboards/prod/new.json'], { cwd: dir });
    expect(hook.stdout).not.toContain('uid-missing');
    expect(hook.stderr).toMatch(/^fixed dashboards\/prod\/new\.json: added uid "new-[0-9a-f]+"/m);
    const { uid } = JSON.parse(await readFile(join(dir, 'dashboards/prod/new.json'), 'utf8')) as { uid: string };
    expect(['up', 'trial', 'old']).not.toContain(uid);
    // Only the staged file is rewritten (review-53b R3): prod's committed, unformatted file is byte for byte as it was.
    expect(await readFile(join(dir, 'dashboards/prod/old.json'), 'utf8')).toBe(minified);
    await git(dir, 'add', 'dashboards/prod/new.json');
    expect(await runCliInProcess(['check', '--pre-commit', '--fix', 'dashboards/prod/new.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });

    // The advice bare check gives (`dashsync check --fix`) fixes what it reports in prod's files too.
    await writeFile(join(dir, 'dashboards/staging/next.json'), canonicalJson(dashboard(undefined)));
    expect((await runCliInProcess(['check'], { cwd: dir })).stdout).toMatch(/^dashboards\/staging\/next\.json:\d+:\d+: error: .*\(uid-missing\)$/m);
    const fixed = await runCliInProcess(['check', '--fix'], { cwd: dir });
    expect(fixed.stderr).toMatch(/^fixed dashboards\/staging\/next\.json: added uid /m);
    expect(fixed.stderr).toMatch(/^fixed dashboards\/prod\/old\.json: reformatted/m);
    expect([fixed.code, fixed.stdout]).toEqual([0, '']);
  });

  it("does not judge a file by the inputs of an environment whose selection leaves it out", async () => {
    const dir = await tree(
      { 'shared/up.json': dashboard('up'), 'dev/trial.json': dashboard('trial', '${DS_DEV}'), 'prod/cost.json': dashboard('cost') },
      { environments: { dev: { url: 'https://dev.example.com', exclude: ['prod'], inputs: { DS_DEV: 'prom-dev' } }, prod: { url: 'https://grafana.example.com', exclude: ['dev'] } } },
    );
    expect(await runCliInProcess(['check', '--env', 'prod'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    expect(await runCliInProcess(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    // An environment that deploys it and lacks the input is still named, alone.
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: { dev: { exclude: ['prod'], inputs: { DS_DEV: 'prom-dev' } }, qa: { exclude: ['prod'] }, prod: { exclude: ['dev'] } } }));
    const qa = await runCliInProcess(['check'], { cwd: dir });
    expect([qa.code, qa.stdout]).toEqual([
      1,
      'dashboards/dev/trial.json:6:16: error: input DS_DEV is not mapped for environment qa: add "DS_DEV": "<datasource uid>" to the "inputs" of environment "qa" (under "environments") in dashsync.config.json, or to the top-level "inputs" for every environment (input-unmapped)\n',
    ]);
  });

  it('judges a v2 file by the release of each environment that deploys it; environments of one release from one place share one line', async () => {
    const dir = await tree(
      { 'shared/up.json': dashboard('up'), 'next/nodes.json': resource('v2', 'nodes', v2Spec()) },
      { include: ['shared'], grafanaVersion: '12', environments: { staging: { include: ['shared', 'next'] }, qa: { include: ['shared', 'next'] }, prod: {} } },
    );
    const bare = await runCliInProcess(['check'], { cwd: dir });
    expect([bare.code, bare.stdout]).toEqual([
      1,
      'dashboards/next/nodes.json:2:17: error: dashboard nodes is a dashboard.grafana.app/v2 file, and environments staging and qa run Grafana 12 ("grafanaVersion" in dashsync.config.json:1:40), ' +
        'which serves v2beta1 and v2alpha1 for v2 dashboards, not v2 (Grafana 13 and later): their plans would stop on this file. ' +
        "Make it a dashboard.grafana.app/v2beta1 file (docs/upgrading.md#a-fleet-on-12-and-13 says how), or leave it out of staging's and qa's include/exclude (v2-unserved)\n",
    ]);
    const json = await runCliInProcess(['check', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(json.stdout) as { diagnostics: { rule: string; environments: string[] | null }[] }).diagnostics.filter((d) => d.rule === 'v2-unserved').map((d) => d.environments)).toEqual([['staging', 'qa']]);
  });
});
