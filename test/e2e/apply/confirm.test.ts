import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { appliedExample } from '../../helpers/applied-example.js';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../../helpers/run-cli.js';
import { generatedTree } from '../../helpers/generated-tree.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { renderScreen, runInTerminal, type TerminalRun } from '../../helpers/terminal.js';
import { editFile, getDashboard, writes, type Workspace } from './workspace.js';
import { appliedExampleThenChanged } from '../../pull/pull-fixture.js';

// `apply` without a plan file, at a terminal, asks before it overwrites an edit made in Grafana or deletes (F5).
vi.setConfig({ testTimeout: 120_000 });

const QUESTION = "Only 'yes' will be accepted: ";
const CANCELLED = 'apply cancelled; nothing was applied';
const UI_EDIT = 'edited in the UI';
const REDIS = 'dashboards/platform/databases/redis.json';

/** The example tree applied to a 12, then someone edits redis-exporter in Grafana's UI: the next plan overwrites that edit (drift). */
async function driftedExample(): Promise<{ sandbox: SandboxHandle; workspace: Workspace }> {
  refuseStaleDist();
  const applied = await appliedExample({ grafanaVersion: '12' });
  const edited = await apiRequest(applied.sandbox, 'POST', '/__sandbox/ui-edit', { uid: 'redis-exporter', spec: { description: UI_EDIT } });
  expect(edited.status, edited.text).toBe(200);
  applied.sandbox.clearRequests();
  return applied;
}

function applyAtTerminal(sandbox: SandboxHandle, workspace: Workspace, args = ''): TerminalRun {
  const env = cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
  return runInTerminal(`exec '${process.execPath}' '${CLI_PATH}' apply ${args}`, { cwd: workspace.dir, env });
}

/** `apply` at a terminal, from a clean record of requests, answered `no` (exit 1): the lines of its screen. */
async function answeredNo(sandbox: SandboxHandle, workspace: Workspace): Promise<string[]> {
  sandbox.clearRequests();
  const run = applyAtTerminal(sandbox, workspace);
  await run.shows(QUESTION);
  run.type('no\r');
  expect(await run.closed).toEqual({ code: 1 });
  return renderScreen(run.output()).lines;
}

const description = async (sandbox: SandboxHandle, uid: string) => (await getDashboard(sandbox, uid)).dashboard.description;

describe('apply without a plan file, at a terminal, when the plan overwrites drift', () => {
  it('asks, says what is lost; "no" writes nothing and exits 1', async () => {
    const { sandbox, workspace } = await driftedExample();
    const run = applyAtTerminal(sandbox, workspace);
    await run.shows(QUESTION);
    run.type('no\r');
    expect(await run.closed).toEqual({ code: 1 });

    const lines = renderScreen(run.output()).lines;
    expect(lines).toContain('This apply overwrites 1 dashboard edited in Grafana (drift); --auto-approve applies without asking, keeping the edits made in Grafana as conflicts (add --force to overwrite them).');
    expect(lines).toContain(`${QUESTION}no`);
    expect(lines).toContain(CANCELLED);
    expect(lines.some((line) => line.startsWith('  ! drift: redis-exporter "Redis"'))).toBe(true);
    expect(writes(sandbox)).toEqual([]);
    expect(await description(sandbox, 'redis-exporter')).toBe(UI_EDIT);
  });

  it('"yes" applies: the edit made in Grafana is replaced by the file', async () => {
    const { sandbox, workspace } = await driftedExample();
    const run = applyAtTerminal(sandbox, workspace);
    await run.shows(QUESTION);
    run.type('yes\r');
    expect(await run.closed).toEqual({ code: 0 });

    expect(renderScreen(run.output()).lines.some((line) => line.startsWith('updated: redis-exporter "Redis"'))).toBe(true);
    expect(await description(sandbox, 'redis-exporter')).not.toBe(UI_EDIT);
  });

  it.each([
    { name: 'Ctrl-C', keys: '\x03' },
    { name: 'end of input (Ctrl-D)', keys: '\x04' },
  ])('$name at the question cancels: nothing written, exit 1', async ({ keys }) => {
    const { sandbox, workspace } = await driftedExample();
    const run = applyAtTerminal(sandbox, workspace);
    await run.shows(QUESTION);
    run.type(keys);
    expect(await run.closed).toEqual({ code: 1 });

    expect(renderScreen(run.output()).lines).toContain(CANCELLED);
    expect(writes(sandbox)).toEqual([]);
    expect(await description(sandbox, 'redis-exporter')).toBe(UI_EDIT);
  });

  it('"yes" typed while it plans does not answer the question: the question waits for an answer typed after it', async () => {
    const { sandbox, workspace } = await driftedExample();
    // The plan's first read is held: the keys are typed (and echoed by the terminal) before any question exists.
    sandbox.setFaults({ methods: ['GET'], script: [{ kind: 'hold' }] });
    const run = applyAtTerminal(sandbox, workspace);
    await sandbox.whenHeld(1);
    run.type('yes\r');
    await run.shows('yes');
    sandbox.releaseHeld();
    await run.shows(QUESTION);
    run.type('no\r');
    expect(await run.closed).toEqual({ code: 1 });

    expect(renderScreen(run.output()).lines).toContain(`${QUESTION}no`);
    expect(writes(sandbox)).toEqual([]);
    expect(await description(sandbox, 'redis-exporter')).toBe(UI_EDIT);
  });

  it('with stdout redirected (apply > plan.txt), names what is lost on the terminal before asking', async () => {
    const { sandbox, workspace } = await driftedExample();
    const run = applyAtTerminal(sandbox, workspace, '> plan.txt');
    await run.shows(QUESTION);
    run.type('no\r');
    expect(await run.closed).toEqual({ code: 1 });

    const lines = renderScreen(run.output()).lines;
    const asked = lines.indexOf('This apply overwrites 1 dashboard edited in Grafana (drift); --auto-approve applies without asking, keeping the edits made in Grafana as conflicts (add --force to overwrite them).');
    expect(lines.slice(asked - 2, asked)).toEqual([
      'The plan went to stdout, not this terminal; what this apply loses in Grafana:',
      '  overwrites redis-exporter "Redis" (edited in Grafana)',
    ]);
    expect(await readFile(join(workspace.dir, 'plan.txt'), 'utf8')).toContain('! drift: redis-exporter');
    expect(writes(sandbox)).toEqual([]);
  });

  it('with stderr redirected (apply 2> err.txt), asks on the terminal itself; the file records the question and the answer', async () => {
    const { sandbox, workspace } = await driftedExample();
    const run = applyAtTerminal(sandbox, workspace, '2> err.txt');
    await run.shows(QUESTION);
    run.type('no\r');
    expect(await run.closed).toEqual({ code: 1 });

    const lines = renderScreen(run.output()).lines;
    expect(lines).toContain('This apply overwrites 1 dashboard edited in Grafana (drift); --auto-approve applies without asking, keeping the edits made in Grafana as conflicts (add --force to overwrite them).');
    expect(lines).toContain(CANCELLED);
    expect((await readFile(join(workspace.dir, 'err.txt'), 'utf8')).split('\n')).toEqual(expect.arrayContaining([
      'This apply overwrites 1 dashboard edited in Grafana (drift); --auto-approve applies without asking, keeping the edits made in Grafana as conflicts (add --force to overwrite them).',
      `${QUESTION}no (answered at the terminal)`,
      CANCELLED,
    ]));
    expect(writes(sandbox)).toEqual([]);
    expect(await description(sandbox, 'redis-exporter')).toBe(UI_EDIT);
  });

  it('with both streams to a log (apply --prune 2>&1 | tee apply.log), asks on the terminal; "yes" applies and the log says so', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    await rm(join(workspace.dir, REDIS));
    sandbox.clearRequests();
    const env = cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
    const run = runInTerminal(`'${process.execPath}' '${CLI_PATH}' apply --prune 2>&1 | tee apply.log`, { cwd: workspace.dir, env });
    await run.shows(QUESTION);
    expect(writes(sandbox)).toEqual([]);
    run.type('yes\r');
    expect(await run.closed).toEqual({ code: 0 });

    const log = (await readFile(join(workspace.dir, 'apply.log'), 'utf8')).split('\n');
    const asked = log.indexOf('This apply deletes 1 dashboard; --auto-approve applies without asking.');
    expect(log[asked + 1]).toBe(`${QUESTION}yes (answered at the terminal)`);
    expect(log.findIndex((line) => line.startsWith('deleted: redis-exporter "Redis"'))).toBeGreaterThan(asked);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
  });

  it('names every overwritten edit above the question: more than 20 drift warnings are not folded into "… and N more"', async () => {
    refuseStaleDist();
    const { sandbox, dir } = await generatedTree({ count: 22, seed: 5 });
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    expect((await runCliInProcess(['apply', '--api', 'legacy', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    const uids = (await apiRequest<{ uid: string }[]>(sandbox, 'GET', '/api/search?type=dash-db&limit=100')).body.map((hit) => hit.uid);
    expect(uids).toHaveLength(22);
    for (const uid of uids) expect((await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid, spec: { description: UI_EDIT } })).status).toBe(200);
    // The same plan without a terminal folds them: the terminal's question must not ask about edits it does not name.
    expect((await runCliInProcess(['plan', '--api', 'legacy'], { cwd: dir, env })).stdout).toContain('… and 2 more drift warnings');

    const run = runInTerminal(`exec '${process.execPath}' '${CLI_PATH}' apply --api legacy`, { cwd: dir, env: cleanEnv(env) });
    await run.shows(QUESTION);
    run.type('no\r');
    expect(await run.closed).toEqual({ code: 1 });
    const screen = run.output();
    expect(screen).toContain('This apply overwrites 22 dashboards edited in Grafana (drift)');
    for (const uid of uids) expect(screen).toContain(`! drift: ${uid} `);
    expect(screen).not.toContain('more drift warnings');
  });

  it('--auto-approve applies without asking, and keeps the edit (no one reviewed the plan: auto-approve-drift.test.ts); with --force it overwrites it', async () => {
    const { sandbox, workspace } = await driftedExample();
    const run = applyAtTerminal(sandbox, workspace, '--auto-approve');
    expect(await run.closed).toEqual({ code: 1 });
    expect(run.output()).not.toContain(QUESTION);
    expect(await description(sandbox, 'redis-exporter')).toBe(UI_EDIT);

    const forced = applyAtTerminal(sandbox, workspace, '--auto-approve --force');
    expect(await forced.closed).toEqual({ code: 0 });
    expect(forced.output()).not.toContain(QUESTION);
    expect(await description(sandbox, 'redis-exporter')).not.toBe(UI_EDIT);
  });

  it('a saved plan is applied without asking (it was reviewed)', async () => {
    const { sandbox, workspace } = await driftedExample();
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.stdout).toContain('! drift: redis-exporter');
    const run = applyAtTerminal(sandbox, workspace, 'plan.json');
    expect(await run.closed).toEqual({ code: 0 });

    expect(run.output()).not.toContain(QUESTION);
    expect(await description(sandbox, 'redis-exporter')).not.toBe(UI_EDIT);
  });

  // unreviewed-55: no one could be asked, so no one reviewed the plan: the edit is kept as with --auto-approve (auto-approve-drift.test.ts).
  it('without a terminal (CI, a pipe) it asks nothing and keeps the edit, exit 1; with --force it applies without asking', async () => {
    const { sandbox, workspace } = await driftedExample();
    const kept = await workspace.spawnCli(['apply']);
    expect(kept.code, kept.stderr).toBe(1);
    expect(kept.stdout).toContain('! drift: redis-exporter');
    expect(kept.stderr).toContain('and no one reviewed a plan that overwrites that edit (no plan file, and no terminal to ask); left untouched.');
    expect(await description(sandbox, 'redis-exporter')).toBe(UI_EDIT);

    const applied = await workspace.spawnCli(['apply', '--force']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain('! drift: redis-exporter');
    expect(await description(sandbox, 'redis-exporter')).not.toBe(UI_EDIT);
  });
});

// action-57: the question said --auto-approve would keep "the edits made in Grafana as conflicts" of a plan whose only drift
// is a same-content move, which that apply keeps only where dashsync had placed the dashboard (a tree adopted from another tool moves).
describe('apply without a plan file, at a terminal, when the plan only undoes a move made in Grafana', () => {
  it('says what --auto-approve keeps: the moves made since dashsync placed a dashboard, not an adopted tree\'s', async () => {
    refuseStaleDist();
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team-x', title: 'Team X' })).status).toBe(200);
    const live = await getDashboard(sandbox, 'redis-exporter');
    const moved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: live.dashboard, folderUid: 'team-x', overwrite: true, message: 'moved to Team X' });
    expect(moved.status, moved.text).toBe(200);
    expect((await answeredNo(sandbox, workspace)).filter((line) => line.startsWith('This apply'))).toEqual([
      "This apply moves 1 dashboard into the file's folder with the content unchanged (drift: a move made in Grafana is undone); --auto-approve applies without asking, " +
        'keeping as conflicts the moves made in Grafana since dashsync placed a dashboard (add --force to undo them; a dashboard dashsync never placed, of a tree adopted from another tool, is moved).',
    ]);
    expect(writes(sandbox)).toEqual([]);
  });
});

// nl-59b: a move made in Grafana over a committed change not applied yet (the file pull kept: drift's movedOnlyIn) was
// counted as "overwrites 1 dashboard edited in Grafana": what applying undoes is that move.
describe('apply without a plan file, at a terminal, when the plan undoes a move made in Grafana over a change not applied yet', () => {
  it('says it moves the dashboard back, not that it overwrites an edit, on the terminal and in the list when stdout is redirected', async () => {
    refuseStaleDist();
    const { sandbox, workspace } = await appliedExampleThenChanged('12');
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'caches', title: 'Caches' })).status).toBe(200);
    const live = await getDashboard(sandbox, 'redis-exporter');
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: live.dashboard, folderUid: 'caches', overwrite: true })).status).toBe(200);
    const asked = "This apply moves back 1 dashboard moved in Grafana (drift); --auto-approve applies without asking, keeping the moves made in Grafana as conflicts (add --force to undo them).";
    expect((await answeredNo(sandbox, workspace)).filter((line) => line.startsWith('This apply'))).toEqual([asked]);

    sandbox.clearRequests();
    const run = applyAtTerminal(sandbox, workspace, '> plan.txt');
    await run.shows(QUESTION);
    run.type('no\r');
    expect(await run.closed).toEqual({ code: 1 });
    const lines = renderScreen(run.output()).lines;
    expect(lines.slice(lines.indexOf(asked) - 2, lines.indexOf(asked))).toEqual([
      'The plan went to stdout, not this terminal; what this apply loses in Grafana:',
      '  moves back redis-exporter "Redis" (moved in Grafana to "Caches")',
    ]);
    expect(writes(sandbox)).toEqual([]);
    // As the question says: --auto-approve keeps that move as a conflict.
    const kept = await workspace.spawnCli(['apply', '--auto-approve']);
    expect(kept.code, kept.stdout + kept.stderr).toBe(1);
    expect(kept.stdout + kept.stderr).toContain('conflict');
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe('caches');
  });
});

// pull-restore-54 (walk-20's last open finding): stdin a terminal, stderr a file, and no controlling terminal (a process started
// with setsid): /dev/tty cannot be opened, and main applied without asking. Someone is at that terminal and never saw what was lost.
describe('apply without a plan file, stdin a terminal without a controlling terminal (setsid), stderr to a file', () => {
  /** `apply <args> 2> err.txt` in a session of its own (setsid -w: waits, and passes the exit code on): stdin is still the terminal. */
  const applyInOwnSession = (sandbox: SandboxHandle, workspace: Workspace, args = '') =>
    runInTerminal(`exec setsid -w '${process.execPath}' '${CLI_PATH}' apply ${args} 2> err.txt`, {
      cwd: workspace.dir,
      env: cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }),
    });

  it('a plan that overwrites drift: refused in one line naming --auto-approve or a terminal; nothing written, exit 1', async () => {
    const { sandbox, workspace } = await driftedExample();
    const run = applyInOwnSession(sandbox, workspace);
    expect(await run.closed).toEqual({ code: 1 });

    expect(await readFile(join(workspace.dir, 'err.txt'), 'utf8')).toBe(
      'error: this apply overwrites 1 dashboard edited in Grafana (drift), but it cannot ask first: stdin is a terminal, but stderr is not and /dev/tty cannot be opened ' +
        '(ENXIO: no controlling terminal, as under setsid); nothing was applied. Run it at a terminal to answer the question, or add --auto-approve: it applies without asking, keeping the edits made in Grafana as conflicts (add --force to overwrite them)\n',
    );
    expect(run.output()).not.toContain(QUESTION);
    expect(writes(sandbox)).toEqual([]);
    expect(await description(sandbox, 'redis-exporter')).toBe(UI_EDIT);
  });

  it('--auto-approve applies; a plan that loses nothing applies without asking, as at a terminal', async () => {
    const { sandbox, workspace } = await driftedExample();
    // --force: --auto-approve alone keeps the edit made in Grafana (auto-approve-drift.test.ts).
    const approved = applyInOwnSession(sandbox, workspace, '--auto-approve --force');
    expect(await approved.closed).toEqual({ code: 0 });
    expect(await description(sandbox, 'redis-exporter')).not.toBe(UI_EDIT);

    await editFile(workspace, REDIS, (model) => (model.description = 'from the file'));
    const plain = applyInOwnSession(sandbox, workspace);
    expect(await plain.closed).toEqual({ code: 0 });
    expect(await description(sandbox, 'redis-exporter')).toBe('from the file');
  });
});

describe('apply without a plan file, at a terminal, that stops before its first write anyway', () => {
  it('credentials Grafana lists no write permission for: the stop, not the question (its answer would not matter)', async () => {
    const { sandbox, workspace } = await driftedExample();
    const env = cleanEnv({ GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Viewer') });
    const run = runInTerminal(`exec '${process.execPath}' '${CLI_PATH}' apply`, { cwd: workspace.dir, env });
    // Whichever comes first: before the fix, the question (about the drift the plan overwrites) came before the stop.
    const first = await Promise.race([run.shows(QUESTION).then(() => 'asked'), run.closed.then(() => 'ended')]);
    if (first === 'asked') run.type('no\r');
    expect(first).toBe('ended');
    expect(await run.closed).toEqual({ code: 1 });

    const lines = renderScreen(run.output()).lines;
    // A Viewer may not read version history: the UI edit is overwritten unseen, a loss the terminal asks about.
    expect(lines.some((line) => line.startsWith('  ! drift not checked for 1 dashboard (redis-exporter)'))).toBe(true);
    expect(lines).toContain(
      "error: Grafana lists no permission for these credentials (GRAFANA_TOKEN) to save or delete a dashboard in their org: every write of the plan would be refused (HTTP 403); nothing was applied. Put an Editor's or Admin's token in GRAFANA_TOKEN, or grant this one Edit on the folders the plan writes to; --ignore-read-only sends them anyway",
    );
    expect(run.output()).not.toContain('This apply ');
    expect(writes(sandbox)).toEqual([]);
  });
});

describe('apply without a plan file, at a terminal, when the history of a dashboard it overwrites cannot be read', () => {
  it('asks, counting it as a dashboard whose edits could not be checked', async () => {
    refuseStaleDist();
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    // A save whose message looks like a restore's: Grafana 12 then answers its versions list 404 (drift not checked).
    const live = await getDashboard(sandbox, 'redis-exporter');
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: UI_EDIT }, folderUid: live.meta.folderUid, message: 'Restored from version 1 (by hand)' });
    expect(saved.status, saved.text).toBe(200);
    const lines = await answeredNo(sandbox, workspace);
    expect(lines).toContain('This apply may overwrite 1 dashboard whose edits in Grafana could not be checked (drift not checked); --auto-approve applies without asking.');
    expect(lines.some((line) => line.startsWith('  ! drift not checked for 1 dashboard (redis-exporter)'))).toBe(true);
    expect(writes(sandbox)).toEqual([]);
    expect(await description(sandbox, 'redis-exporter')).toBe(UI_EDIT);
  });
});

describe('apply without a plan file, at a terminal, when the plan deletes', () => {
  it('a prune is asked about: "no" keeps the dashboard, "yes" deletes it', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    await rm(join(workspace.dir, REDIS));
    sandbox.clearRequests();

    const refused = applyAtTerminal(sandbox, workspace, '--prune');
    await refused.shows(QUESTION);
    refused.type('y\r');
    expect(await refused.closed).toEqual({ code: 1 });
    expect(renderScreen(refused.output()).lines).toContain('This apply deletes 1 dashboard; --auto-approve applies without asking.');
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(200);

    const accepted = applyAtTerminal(sandbox, workspace, '--prune');
    await accepted.shows(QUESTION);
    accepted.type('yes\r');
    expect(await accepted.closed).toEqual({ code: 0 });
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
  });

  it('a plan that only creates and updates files\' changes is applied without asking', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    await editFile(workspace, REDIS, (model) => (model.description = 'from the file'));

    const run = applyAtTerminal(sandbox, workspace);
    expect(await run.closed).toEqual({ code: 0 });

    expect(run.output()).not.toContain(QUESTION);
    expect(await description(sandbox, 'redis-exporter')).toBe('from the file');
  });
});
