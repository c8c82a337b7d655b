import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git, makeWorkDir } from '../../pull/pull-fixture.js';

// Every test runs the CLI several times against one sandbox.
vi.setConfig({ testTimeout: 120_000 });

const UID = 'svc-1';
const FILE = 'dashboards/services/svc-1.json';
const model = (n: number, title = `Service ${n}`) => ({ uid: `svc-${n}`, title, schemaVersion: 39, panels: [] });

/**
 * Two dashboards committed and applied, then a change of svc-1 committed and applied (its push names that commit), then dave's
 * edit of svc-1 in Grafana, then a prune of it whose removal is never committed: fixr-66's case. `api`: how the prune runs
 * (`legacy`: Grafana 11.2 has no other; `auto`: /apis on 12 and 13, whose prune through /api would hold the edited dashboard).
 */
async function prunedAfterAppliedChange(grafanaVersion: '11.2' | '12' | '13') {
  // 11.2 with "Recently deleted" off: the delete is for good, and the restore takes the backup.
  const sandbox = await startTestSandbox({ grafanaVersion, ...(grafanaVersion === '11.2' && { features: { dashboardRestore: false } }) });
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards/services'), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api: grafanaVersion === '11.2' ? 'legacy' : 'auto' }, null, 2)}\n`);
  await writeFile(join(dir, '.gitignore'), '.dashsync/\n');
  const write = (n: number, title?: string) => writeFile(join(dir, `dashboards/services/svc-${n}.json`), `${JSON.stringify(model(n, title), null, 2)}\n`);
  await write(1);
  await write(2);
  await commitAll(dir, 'services');
  const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
  expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
  await write(1, 'Service 1 (reviewed)');
  await commitAll(dir, 'services: svc-1 reviewed');
  const applied = (await git(dir, 'rev-parse', 'HEAD')).trim();
  const apply = await cli(['apply', '--auto-approve']);
  expect(apply.code, apply.stdout + apply.stderr).toBe(0);
  const edited = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid: UID, user: 'dave', spec: { description: 'tuned by dave' }, message: 'tuned' });
  expect(edited.status).toBe(200);
  await rm(join(dir, FILE));
  const plan = await cli(['plan', '--prune']);
  expect(plan.stdout).toMatch(new RegExp(`! drift: ${UID} "Service 1 \\(reviewed\\)" was last saved in Grafana by \\S*dave`));
  const pruned = await cli(['apply', '--prune', '--force']);
  expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
  const backups = join(dir, '.dashsync/backups', UID);
  const [name] = await readdir(backups);
  const backup = JSON.parse(await readFile(join(backups, name!), 'utf8'));
  return { sandbox, dir, cli, applied, backup, backupPath: join('.dashsync/backups', UID, name!) };
}

/** The message dashsync's restore gave the dashboard's first version, as saved (`/api`'s list shows "Initial save"). */
async function firstVersionMessage(sandbox: SandboxHandle): Promise<string> {
  const versions = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}/versions`);
  // 11.x answers a list; 12 and later `{versions: [...]}`.
  const list: { version: number }[] = Array.isArray(versions.body) ? versions.body : versions.body.versions;
  const first = list.map((entry) => entry.version).sort((a, b) => a - b)[0];
  return (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}/versions/${first}`)).body.message;
}

describe('a prune\'s backup records the edit the plan warned of and the push it was saved over; a restore through /api names both (fixl-67)', () => {
  it.each(['11.2', '12', '13'] as const)('Grafana %s: the restored edit is drift again, and pull takes it into the file that holds the change applied before the prune', async (grafanaVersion) => {
    const { sandbox, dir, cli, applied, backup, backupPath } = await prunedAfterAppliedChange(grafanaVersion);
    // Through /api too (11.2), where the apply reads no history for it: the plan's drift judgement, and the push below it.
    expect(backup.held).toMatchObject({ kind: 'edit', by: expect.stringMatching(/dave/), version: expect.any(Number), over: { version: expect.any(Number), content: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), commit: applied } });
    expect(backup.held.over.version).toBeLessThan(backup.held.version);

    const legacy = grafanaVersion === '11.2' ? [] : ['--api', 'legacy'];
    const from = grafanaVersion === '11.2' ? [] : ['--from-backup', backupPath];
    const restored = await cli(['restore', UID, ...legacy, ...from]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain(`restored ${UID} "Service 1 (reviewed)" from .dashsync/backups/${UID}/`);
    const message = await firstVersionMessage(sandbox);
    expect(message).toContain(`[over push v${backup.held.over.version} ${backup.held.over.content} commit ${applied}]`);
    expect(message).toMatch(new RegExp(`\\[restored from backup by \\S+: edit v${backup.held.version} by \\S*dave\\S* at \\S+\\]$`));

    // The removal was never committed: the file is back as HEAD holds it. A plan through /api in git names dave's edit.
    await git(dir, 'checkout', '--', FILE);
    const plan = await cli(['plan', ...legacy]);
    expect(plan.stdout).toMatch(new RegExp(`! drift: ${UID} .* holds what \\S*dave.* saved in Grafana at \\S+ \\(version ${backup.held.version} before its delete\\), not a push of dashsync's; dashsync's restore took it back from a backup at `));

    // The file's commit was applied before the prune, and dave's edit was saved over that push: pull takes Grafana's version
    // (fixr-66 refused it as "changed on both sides ... not applied yet").
    const pulled = await cli(['pull', ...legacy, UID]);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^updated +dashboards\/services\/svc-1\.json$/m);
    expect(pulled.stdout).not.toContain('changed on both sides');
    const file = await readFile(join(dir, FILE), 'utf8');
    expect(file).toContain('tuned by dave');
    expect(file).toContain('Service 1 (reviewed)');
  });

  it('Grafana 11.2: a change committed after the push the edit was saved over is still refused, in words that name that push', async () => {
    const { dir, cli } = await prunedAfterAppliedChange('11.2');
    expect((await cli(['restore', UID])).stderr).toBe('');
    await git(dir, 'checkout', '--', FILE);
    const path = join(dir, FILE);
    await writeFile(path, (await readFile(path, 'utf8')).replace('Service 1 (reviewed)', 'Service 1 (reviewed twice)'));
    await commitAll(dir, 'services: svc-1 reviewed twice');
    const pulled = await cli(['pull', UID]);
    expect(pulled.code).toBe(1);
    expect(pulled.stdout).toMatch(
      /changed on both sides since dashsync applied version \d+ \(before its delete; dashsync's restore took Grafana's save back from a backup at \S+\): in git by [0-9a-f]{12}, not applied yet, and in Grafana \(/,
    );
    expect(await readFile(path, 'utf8')).toContain('reviewed twice');
  });
});
