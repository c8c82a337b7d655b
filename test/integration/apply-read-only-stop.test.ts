import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { describeError } from '../../src/describe-error.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { writePlanFile } from '../../src/plan/plan-file.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';

vi.setConfig({ testTimeout: 60_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const STOP =
  "Grafana lists no permission for these credentials to save or delete a dashboard in their org: every write of the plan would be refused (HTTP 403); nothing was applied. Use an Editor's or Admin's token, or grant this one Edit on the folders the plan writes to; --ignore-read-only sends them anyway";

async function treeWithToken(sandbox: SandboxHandle, dir: string, role: 'Viewer' | 'Editor') {
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken(role) }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { settings, grafana };
}

async function setUp() {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-read-only-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashboards', 'a.json'), `${JSON.stringify({ panels: [], title: 'A', uid: 'a-1' }, null, 2)}\n`);
  return { sandbox, dir };
}

const writesSent = (sandbox: SandboxHandle) => sandbox.requests().filter((request) => request.method !== 'GET' && !request.path.startsWith('/__sandbox')).length;

describe('apply with credentials Grafana lists no dashboard write permission for', () => {
  it('without a plan file: stops after its plan, before the first write, in one line saying nothing was applied', async () => {
    const { sandbox, dir } = await setUp();
    const { settings, grafana } = await treeWithToken(sandbox, dir, 'Viewer');
    const before = writesSent(sandbox);
    const shown: string[] = [];
    const error = await runApply({ settings, grafana, env: {}, force: false, onPlan: (plan) => void shown.push(...plan.warnings.map((w) => w.kind)), readOnly: { overrideFlag: '--ignore-read-only', override: false } }).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(shown).toContain('read-only');
    const described = describeError(error, 'cli');
    expect([`${described.line}${described.hint ?? ''}`, described.exitCode]).toEqual([STOP, 1]);
    expect(writesSent(sandbox)).toBe(before);
  });

  it('with the flag: sends the writes, and Grafana refuses them', async () => {
    const { sandbox, dir } = await setUp();
    const { settings, grafana } = await treeWithToken(sandbox, dir, 'Viewer');
    const applied = await runApply({ settings, grafana, env: {}, force: false, readOnly: { overrideFlag: '--ignore-read-only', override: true } });
    expect(applied.result?.failures.map((failure) => failure.uid)).toEqual(['a-1']);
  });

  it('a saved plan: judged by the credentials applying it, not the ones that planned it', async () => {
    const { sandbox, dir } = await setUp();
    const viewer = await treeWithToken(sandbox, dir, 'Viewer');
    const plan = await createPlan({ settings: viewer.settings, grafana: viewer.grafana, git: GIT });
    expect(plan.warnings.map((warning) => warning.kind)).toContain('read-only');
    await writePlanFile(join(dir, 'p.json'), plan);
    const refused = await runApply({ ...viewer, env: {}, force: false, planFile: 'p.json' }).then(() => null, (failure: unknown) => failure);
    const described = describeError(refused, 'cli');
    expect(`${described.line}${described.hint ?? ''}`).toBe(STOP.replace('; --ignore-read-only sends them anyway', ''));

    const editor = await treeWithToken(sandbox, dir, 'Editor');
    const applied = await runApply({ ...editor, env: {}, force: false, planFile: 'p.json' });
    expect(applied.result).toMatchObject({ failures: [], conflicts: [] });
  });
});

// audit-ux-19 F-6: the refusal named neither the environment nor the variable its token came from; the 401 line names the variable.
describe('apply --env with a read-only token of that environment', () => {
  it('names the variable and the environment, and where to put an Editor\'s token', async () => {
    const { sandbox, dir } = await setUp();
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', environments: { qa: { url: sandbox.url } } })}\n`);
    const env = { GRAFANA_TOKEN_QA: await sandbox.createToken('Viewer') };
    const before = writesSent(sandbox);

    const applied = await runCliInProcess(['apply', '--env', 'qa'], { cwd: dir, env });

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      "error: Grafana lists no permission for these credentials (GRAFANA_TOKEN_QA, environment qa) to save or delete a dashboard in their org: every write of the plan would be refused (HTTP 403); nothing was applied. Put an Editor's or Admin's token in GRAFANA_TOKEN_QA, or grant this one Edit on the folders the plan writes to; --ignore-read-only sends them anyway\n",
    );
    expect(writesSent(sandbox)).toBe(before);
  });
});

// walk-65 L1: a plan that writes only folders and library panels had no read-only note, and its apply sent the writes (403s).
describe('a plan of folder and library panel writes only, with credentials Grafana lists no write permission for', () => {
  it('the plan says read-only, and apply stops before its first write', async () => {
    const { sandbox, dir } = await setUp();
    await mkdir(join(dir, 'dashboards', 'team', '_library'), { recursive: true });
    const folderFile = join(dir, 'dashboards', 'team', '_folder.json');
    const panelFile = join(dir, 'dashboards', 'team', '_library', 'mem.json');
    const panel = (title: string) => `${JSON.stringify({ uid: 'lp-mem', name: 'Memory', kind: 1, model: { type: 'stat', title } }, null, 2)}\n`;
    await writeFile(folderFile, `${JSON.stringify({ uid: 'team', title: 'Team' })}\n`);
    await writeFile(panelFile, panel('Memory'));
    const editor = await treeWithToken(sandbox, dir, 'Editor');
    expect((await runApply({ ...editor, env: {}, force: false })).result).toMatchObject({ failures: [], conflicts: [] });
    await writeFile(folderFile, `${JSON.stringify({ uid: 'team', title: 'Team (renamed)' })}\n`);
    await writeFile(panelFile, panel('Memory used'));

    const viewer = await treeWithToken(sandbox, dir, 'Viewer');
    const plan = await createPlan({ settings: viewer.settings, grafana: viewer.grafana, git: GIT });
    expect(plan.actions.filter((action) => action.action !== 'noop').map((action) => `${action.kind} ${action.action}`).sort()).toEqual(['folder update', 'library-panel update']);
    expect(plan.warnings.map((warning) => warning.kind)).toContain('read-only');
    await writePlanFile(join(dir, 'p.json'), plan);
    const before = writesSent(sandbox);
    const refused = await runApply({ ...viewer, env: {}, force: false, planFile: 'p.json' }).then(() => null, (failure: unknown) => failure);
    const described = describeError(refused, 'cli');
    // Worded by what the plan writes (review-66b L3): not "a dashboard".
    const stop = STOP.replace('; --ignore-read-only sends them anyway', '').replace('to save or delete a dashboard', 'to write a folder or library panel');
    expect([`${described.line}${described.hint ?? ''}`, described.exitCode]).toEqual([stop, 1]);
    expect(writesSent(sandbox)).toBe(before);
  });
});
