import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

/** dashsync in `dir`, the url from each environment of the config, as the admin. */
const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

/** dev and prod, each selecting its own directory; prod in dev's Grafana org (its url with a slash) unless `prodUrl` says otherwise. */
const devAndProd = (handle: SandboxHandle, prodUrl = `${handle.url}/`) => ({
  api: 'legacy',
  environments: { dev: { url: handle.url, include: ['dev'] }, prod: { url: prodUrl, include: ['prod'] } },
});

/** The fixture's config and the dev and prod directories only, each with a dashboard. */
async function devAndProdTree(handle: SandboxHandle): Promise<string> {
  const dir = await copyFixture('basic');
  for (const path of ['dashboards/apps', 'dashboards/infra', 'dashboards/overview.json']) await rm(join(dir, path), { recursive: true });
  await writeJson(dir, 'dashsync.config.json', devAndProd(handle));
  await writeJson(dir, 'dashboards/dev/svc.json', { uid: 'svc-dev', title: 'Service', panels: [] });
  await writeJson(dir, 'dashboards/prod/svc.json', { uid: 'svc-prod', title: 'Service', panels: [] });
  return dir;
}

interface Warning {
  rule?: string;
  message: string;
}

/** check's uid-differs-in-case messages (check --format json), by file. */
async function checkCaseMessages(dir: string): Promise<Record<string, string>> {
  const checked = await dashsync(dir, ['check', '--format', 'json']);
  const diagnostics = JSON.parse(checked.stdout).diagnostics as { file: string; rule: string; message: string }[];
  return Object.fromEntries(diagnostics.filter((d) => d.rule === 'uid-differs-in-case').map((d) => [d.file, d.message]));
}

const ADVICE = 'Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid';
const ORG = '(selected by environments dev, prod, which deploy to the same Grafana org)';

// env-56 (stop 55's note §10.3): env-55b made plan warn about dashboard and library panel uids that differ only in case
// across environments of one org; two _folder.json uids so twinned were named by bare check only, and every plan was silent.
describe('folder uids that differ only in case across environments of one Grafana org', () => {
  it('plan warns in check\'s words, once under --all-envs, from the tree alone; not when the two are apart', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await devAndProdTree(handle);
    await writeJson(dir, 'dashboards/dev/_folder.json', { uid: 'team', title: 'Team (dev)' });
    await writeJson(dir, 'dashboards/prod/_folder.json', { uid: 'TEAM', title: 'Team (prod)' });
    const message = `uid "team" differs only in case from folder dashboards/prod/_folder.json ${ORG} ("TEAM"): ${ADVICE}`;
    const line = `dashboards/dev/_folder.json: ${message}`;

    const all = await dashsync(dir, ['plan', '--all-envs']);
    const prod = await dashsync(dir, ['plan', '--env', 'prod', '--format', 'json']);

    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(`Warnings about the tree and the config, in the plans of environments dev and prod:\n  ! ${line}\n`);
    expect(all.stdout.split(line).length - 1).toBe(1);
    expect(prod.code, prod.stderr).toBe(0);
    expect((JSON.parse(prod.stdout).warnings as Warning[]).filter((w) => w.rule === 'uid-differs-in-case')).toEqual([
      { kind: 'other', uid: 'team', message: line, file: 'dashboards/dev/_folder.json', rule: 'uid-differs-in-case' },
    ]);
    // check's words for the same file.
    expect((await checkCaseMessages(dir))['dashboards/dev/_folder.json']).toBe(message);

    // prod on another Grafana: the two folders never meet.
    await writeJson(dir, 'dashsync.config.json', devAndProd(handle, 'https://grafana.example.com'));
    const apart = await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json']);
    expect(apart.code, apart.stderr).toBe(0);
    expect(JSON.parse(apart.stdout).warnings).toEqual([]);
  });

  it('a folder of one environment and a dashboard of the other are named with where they meet (Grafana 11.2), as check names them', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await devAndProdTree(handle);
    await writeJson(dir, 'dashboards/dev/ops/_folder.json', { uid: 'ops', title: 'Ops' });
    await writeJson(dir, 'dashboards/dev/ops/board.json', { uid: 'board', title: 'Board', panels: [] });
    await writeJson(dir, 'dashboards/prod/ops.json', { uid: 'OPS', title: 'Ops board', panels: [] });
    const message = `uid "ops" differs only in case from dashboard dashboards/prod/ops.json ${ORG} ("OPS", on Grafana 11.2, which keeps folders and dashboards in one uid space): ${ADVICE}`;

    const dev = await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json']);

    expect(dev.code, dev.stderr).toBe(0);
    expect((JSON.parse(dev.stdout).warnings as Warning[]).filter((w) => w.rule === 'uid-differs-in-case')).toEqual([
      { kind: 'other', uid: 'ops', message: `dashboards/dev/ops/_folder.json: ${message}`, file: 'dashboards/dev/ops/_folder.json', rule: 'uid-differs-in-case' },
    ]);
    expect((await checkCaseMessages(dir))['dashboards/dev/ops/_folder.json']).toBe(message);
  });

  // env-56 walk: on MySQL, once dev had applied its folder "team" and dashboard "svc", prod's plan stopped on its
  // "TEAM" and "SVC" advising `give the file the uid "team"`: a second file of that uid, in one org (check's
  // folder-uid-duplicate and uid-duplicate errors), whose two applies undo each other's.
  it('on MySQL, the stop on a twin in Grafana that another environment\'s file holds asks for another uid, naming that file', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12', database: 'mysql' });
    const dir = await devAndProdTree(handle);
    await writeJson(dir, 'dashboards/dev/_folder.json', { uid: 'team', title: 'Team (dev)' });
    await writeJson(dir, 'dashboards/dev/svc.json', { uid: 'svc', title: 'Service', panels: [] });
    expect((await dashsync(dir, ['apply', '--env', 'dev', '--auto-approve'])).code).toBe(0);
    await writeJson(dir, 'dashboards/prod/_folder.json', { uid: 'TEAM', title: 'Team (prod)' });

    const folder = await dashsync(dir, ['plan', '--env', 'prod']);

    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain(
      'dashboards/prod/_folder.json: error: uid "TEAM" differs only in case from the folder "team" in Grafana, which compares uids without case when it runs on MySQL: ' +
        'there a save of "TEAM" would overwrite "team" (or be refused), and a prune of "team" would delete it; "team" is the uid of dashboards/dev/_folder.json too, so give this file another uid (uid-case-twin-in-grafana)\n',
    );

    await writeJson(dir, 'dashboards/prod/_folder.json', { uid: 'team-prod', title: 'Team (prod)' });
    await writeJson(dir, 'dashboards/prod/svc.json', { uid: 'SVC', title: 'Service', panels: [] });
    const dashboard = await dashsync(dir, ['plan', '--env', 'prod']);

    expect(dashboard.code).toBe(1);
    expect(dashboard.stderr).toContain(
      'dashboards/prod/svc.json: error: uid "SVC" differs only in case from the dashboard "svc" in Grafana, which compares uids without case when it runs on MySQL: ' +
        'there a save of "SVC" would overwrite "svc" (or be refused), and a prune of "svc" would delete it; "svc" is the uid of dashboards/dev/svc.json too, so give this file another uid (uid-case-twin-in-grafana)\n',
    );
  });
});
