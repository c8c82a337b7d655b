import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { countGitCalls, gitCommandOf } from '../../helpers/count-git-calls.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, dashsync, editInUi, git, lines, makeWorkDir } from '../../pull/pull-fixture.js';

// walk-65 H1: a committed version of a file was rendered with today's inputs. After an environment's inputs changed (a
// datasource migration), git's copy of a UI edit pulled and committed before no longer counted: the plan called it drift, the
// one-step apply held it as a conflict, and the advised pull refused. Each version is now rendered with the inputs its own
// commit's config gave the environment.

const datasource = { type: 'prometheus', uid: '${DS_PROM}' };
const work = { uid: 'work', title: 'Workloads', schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource }] };
const cpu = { uid: 'lp-cpu', name: 'CPU', kind: 1, model: { type: 'stat', title: 'cpu', datasource } };
const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
/** `bom`: saved with a UTF-8 byte-order mark, as Notepad and some Windows editors save it (review-66a M4). */
const config = (uid: string, bom = false) => `${bom ? '\uFEFF' : ''}${text({ environments: { prod: { inputs: { DS_PROM: uid } } } })}`;

/** Someone (an Editor's token) changes lp-cpu's description in Grafana, keeping its datasource. */
async function editPanelInGrafana(handle: SandboxHandle, description: string): Promise<void> {
  const live = await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu');
  const token = await handle.createToken('Editor');
  const model = { ...live.body.result.model, description };
  const patched = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.body.result.version, model }, bearerHeaders(token));
  expect(patched.status, patched.text).toBe(200);
}

/**
 * A dashboard and a library panel on ${DS_PROM} (prom-a in prod), applied; both edited in Grafana's UI, pulled and committed;
 * then the datasource moves: DS_PROM → prom-b, committed (`bom`: the config saved with a byte-order mark).
 */
async function uiEditsCommittedThenInputsChanged(bom = false, moveConfigTo?: string) {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), config('prom-a', bom));
  await writeFile(join(dir, 'dashboards/work.json'), text(work));
  await writeFile(join(dir, 'dashboards/_library/cpu.json'), text(cpu));
  await commitAll(dir, 'add');
  const applied = await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'prod']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  await editInUi(handle, 'work', 'Edited in the Grafana UI');
  await editPanelInGrafana(handle, 'Edited in the Grafana UI');
  const pulled = await dashsync(handle, dir, ['pull', '--env', 'prod']);
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  await commitAll(dir, 'take the UI edits from prod');
  expect(await readFile(join(dir, 'dashboards/work.json'), 'utf8')).toContain('${DS_PROM}');
  if (moveConfigTo !== undefined) {
    // review-66a L6: the config moved with `git mv` in the same commit (run with --config at its new path since).
    await mkdir(dirname(join(dir, moveConfigTo)), { recursive: true });
    await git(dir, 'mv', 'dashsync.config.json', moveConfigTo);
  }
  await writeFile(join(dir, moveConfigTo ?? 'dashsync.config.json'), config('prom-b', bom));
  await commitAll(dir, 'prod: new prometheus');
  return { handle, dir };
}

/** A work directory whose one commit holds the config (DS_PROM → prom-a in prod) and `file` holding `value`. */
async function committedWithConfig(file: string, value: object): Promise<string> {
  const dir = await makeWorkDir();
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), config('prom-a'));
  await writeFile(join(dir, file), text(value));
  await commitAll(dir, 'add');
  return dir;
}

/** Dashboard work on ${DS_PROM} (prom-a in prod), committed and applied by dashsync. */
async function workAppliedOnPromA(): Promise<{ handle: SandboxHandle; dir: string }> {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), config('prom-a'));
  await writeFile(join(dir, 'dashboards/work.json'), text(work));
  await commitAll(dir, 'add');
  expect((await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'prod'])).code).toBe(0);
  return { handle, dir };
}

async function liveDatasources(handle: SandboxHandle): Promise<string[]> {
  const dashboard = await apiRequest(handle, 'GET', '/api/dashboards/uid/work');
  const panel = await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu');
  return [dashboard.body.dashboard.panels[0].datasource.uid, panel.body.result.model.datasource.uid];
}

describe('an environment\'s inputs changed after git took its UI edits (Grafana 12)', () => {
  it('plans a plain update (no drift), the one-step apply writes both, and pull keeps the files', async () => {
    const { handle, dir } = await uiEditsCommittedThenInputsChanged();

    const pulled = await dashsync(handle, dir, ['pull', '--env', 'prod', 'work']);
    expect(pulled.stdout + pulled.stderr).not.toMatch(/refused/);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^kept +dashboards\/work\.json: Grafana holds what the file's last commit \w+ holds \(.*\), with the inputs the config gave environment prod then: its inputs changed since, and are not applied yet/m);
    const before = await readFile(join(dir, 'dashboards/_library/cpu.json'), 'utf8');
    const all = await dashsync(handle, dir, ['pull', '--env', 'prod']);
    expect(all.stdout + all.stderr).not.toMatch(/refused/);
    expect(await readFile(join(dir, 'dashboards/work.json'), 'utf8')).toContain('${DS_PROM}');
    expect(await readFile(join(dir, 'dashboards/_library/cpu.json'), 'utf8')).toBe(before);

    const planned = await dashsync(handle, dir, ['plan', '--env', 'prod']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout).filter((line) => line.includes('drift'))).toEqual([]);
    expect(planned.stdout).toContain('"prom-a" → "prom-b"');

    const applied = await dashsync(handle, dir, ['apply', '--env', 'prod', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).not.toMatch(/conflict/);
    expect(await liveDatasources(handle)).toEqual(['prom-b', 'prom-b']);
  });

  it('does alike where the config was saved with a byte-order mark (review-66a M4)', async () => {
    const { handle, dir } = await uiEditsCommittedThenInputsChanged(true);
    const planned = await dashsync(handle, dir, ['plan', '--env', 'prod']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout).filter((line) => line.includes('drift'))).toEqual([]);
    const applied = await dashsync(handle, dir, ['apply', '--env', 'prod', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await liveDatasources(handle)).toEqual(['prom-b', 'prom-b']);
  });

  it('does alike where the config moved with git mv in the commit that changed the inputs: its committed inputs are read where each commit had it (fixe-67)', async () => {
    const { handle, dir } = await uiEditsCommittedThenInputsChanged(false, 'deploy/dashsync.json');
    const planned = await dashsync(handle, dir, ['plan', '--env', 'prod', '--config', 'deploy/dashsync.json']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout).filter((line) => line.includes('drift'))).toEqual([]);
    expect(planned.stdout).toContain('"prom-a" → "prom-b"');
    const applied = await dashsync(handle, dir, ['apply', '--env', 'prod', '--config', 'deploy/dashsync.json', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await liveDatasources(handle)).toEqual(['prom-b', 'prom-b']);
  });

  it('an edit made in Grafana after the commit is still drift: the plan warns, the unreviewed apply holds both', async () => {
    const { handle, dir } = await uiEditsCommittedThenInputsChanged();
    await editInUi(handle, 'work', 'Edited again, not in git');
    await editPanelInGrafana(handle, 'Edited again, not in git');

    const planned = await dashsync(handle, dir, ['plan', '--env', 'prod']);
    expect(lines(planned.stdout).filter((line) => /drift: /.test(line)).map((line) => /drift: (?:library panel )?(\S+)/.exec(line)?.[1]).sort()).toEqual(['lp-cpu', 'work']);

    const applied = await dashsync(handle, dir, ['apply', '--env', 'prod', '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toMatch(/conflict: work /);
    expect(applied.stdout + applied.stderr).toMatch(/conflict: library panel lp-cpu /);
    expect(await liveDatasources(handle)).toEqual(['prom-a', 'prom-a']);
  });
});

describe('pull after an environment\'s inputs changed (committed, not applied) and an edit in its Grafana (review-66a M1)', () => {
  it('keeps ${DS_PROM} in the file, says the inputs change is not applied yet, and the next plan applies it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    const twoEnvironments = (uid: string) => text({ environments: { prod: { inputs: { DS_PROM: uid } }, staging: { inputs: { DS_PROM: 'prom-staging' } } } });
    await mkdir(join(dir, 'dashboards'), { recursive: true });
    await writeFile(join(dir, 'dashsync.config.json'), twoEnvironments('prom-a'));
    await writeFile(join(dir, 'dashboards/work.json'), text(work));
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'prod'])).code).toBe(0);
    await writeFile(join(dir, 'dashsync.config.json'), twoEnvironments('prom-b'));
    await commitAll(dir, 'prod: new prometheus');
    await editInUi(handle, 'work', 'Edited in the Grafana UI');

    const pulled = await dashsync(handle, dir, ['pull', '--env', 'prod']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout + pulled.stderr).not.toContain('literal datasource uid');
    expect(pulled.stdout + pulled.stderr).toContain(
      "dashboards/work.json: kept ${DS_PROM}: Grafana's datasource is what the config of the file's last commit mapped it to for environment prod; the inputs changed since are not applied yet (dashsync plan --env prod shows it)",
    );
    const file = await readFile(join(dir, 'dashboards/work.json'), 'utf8');
    expect(file).toContain('${DS_PROM}');
    expect(file).toContain('Edited in the Grafana UI');
    await commitAll(dir, 'take the UI edit from prod');
    const planned = await dashsync(handle, dir, ['plan', '--env', 'prod']);
    expect(planned.stdout).toContain('"prom-a" → "prom-b"');
    expect(lines(planned.stdout).filter((line) => line.includes('drift'))).toEqual([]);
  });
});

describe('pull after the config moved with git mv in the commit that changed the inputs (fixo-68: fixe-67 left it)', () => {
  it('keeps ${DS_PROM}: the file\'s last commit holds the config at its old path, read there', async () => {
    const { handle, dir } = await workAppliedOnPromA();
    await mkdir(join(dir, 'deploy'));
    await git(dir, 'mv', 'dashsync.config.json', 'deploy/dashsync.json');
    await writeFile(join(dir, 'deploy/dashsync.json'), config('prom-b'));
    await commitAll(dir, 'prod: new prometheus; the config moves to deploy/');
    await editInUi(handle, 'work', 'Edited in the Grafana UI');

    const pulled = await dashsync(handle, dir, ['pull', '--env', 'prod', '--config', 'deploy/dashsync.json']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout + pulled.stderr).not.toContain('literal datasource uid');
    expect(pulled.stderr).toContain("dashboards/work.json: kept ${DS_PROM}: Grafana's datasource is what the config of the file's last commit mapped it to for environment prod");
    const file = await readFile(join(dir, 'dashboards/work.json'), 'utf8');
    expect(file).toContain('${DS_PROM}');
    expect(file).toContain('Edited in the Grafana UI');
  });
});

describe('pull after an inputs change, with many dashboards edited in Grafana (review-67b M4)', () => {
  it('walks git history as often for three edited dashboards as for one: their last commits are read together', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    const uids = ['work', 'work-2', 'work-3'];
    await mkdir(join(dir, 'dashboards'), { recursive: true });
    await writeFile(join(dir, 'dashsync.config.json'), config('prom-a'));
    for (const uid of uids) await writeFile(join(dir, `dashboards/${uid}.json`), text({ ...work, uid, title: uid }));
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'prod'])).code).toBe(0);
    await writeFile(join(dir, 'dashsync.config.json'), config('prom-b'));
    await commitAll(dir, 'prod: new prometheus');
    const pullCounted = async () => {
      const { result, calls } = await countGitCalls(() => dashsync(handle, dir, ['pull', '--env', 'prod', '--dry-run']));
      expect(result.code, result.stdout + result.stderr).toBe(0);
      // The history walks: the git view's own reads (which depend on what else changed) are not this check's.
      return { notes: lines(result.stdout + result.stderr).filter((line) => line.includes('kept ${DS_PROM}')).length, walks: calls.filter((call) => gitCommandOf(call) === 'log') };
    };

    await editInUi(handle, 'work', 'Edited in the Grafana UI');
    const one = await pullCounted();
    for (const uid of uids.slice(1)) await editInUi(handle, uid, 'Edited in the Grafana UI');
    const three = await pullCounted();

    expect(one.notes).toBe(1);
    expect(three.notes).toBe(3);
    expect(three.walks).toEqual(one.walks);
    // The history walk also finds a file brought back after a deletion (perf-69a: it was one git log more).
    expect(one.walks).toHaveLength(3);
  });
});

describe('a library panel deployed under a mapping of a config-only commit, the CI token rotated since (review-66a L4)', () => {
  it('is no drift: the mapping of the commit in between is tried too', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await committedWithConfig('dashboards/_library/cpu.json', cpu);
    const run = (token: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_TOKEN: token } });
    const first = await handle.createToken('Editor');
    expect((await run(first, ['apply', '--auto-approve', '--env', 'prod'])).code).toBe(0);
    await writeFile(join(dir, 'dashsync.config.json'), config('prom-b'));
    await commitAll(dir, 'prod: prom-b');
    expect((await run(first, ['apply', '--auto-approve', '--env', 'prod'])).code).toBe(0);
    await writeFile(join(dir, 'dashsync.config.json'), config('prom-c'));
    await commitAll(dir, 'prod: prom-c');
    // A new service account's token (a rotated CI secret): Grafana's saver is no longer this run's.
    const second = await handle.createToken('Editor');

    const planned = await run(second, ['plan', '--env', 'prod']);

    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout).filter((line) => line.includes('drift'))).toEqual([]);
    const applied = await run(second, ['apply', '--auto-approve', '--env', 'prod']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu')).body.result.model.datasource.uid).toBe('prom-c');
  });
});

describe("pull of a dashboard Grafana holds under a config commit's mapping between the file's and now, saved last by someone else (fixe-67)", () => {
  it('keeps the file: the inputs changed since are not applied yet, as the plan reads that mapping too (review-66a L4)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await committedWithConfig('dashboards/work.json', work);
    for (const uid of ['prom-b', 'prom-c']) {
      expect((await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'prod'])).code).toBe(0);
      await writeFile(join(dir, 'dashsync.config.json'), config(uid));
      await commitAll(dir, `prod: ${uid}`);
    }
    // prom-b's push is in Grafana, prom-c is committed, not applied; someone saves the dashboard again as it is.
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/work');
    expect(live.body.dashboard.panels[0].datasource.uid).toBe('prom-b');
    const saved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: live.body.dashboard, overwrite: true }, bearerHeaders(await handle.createToken('Editor')));
    expect(saved.status, saved.text).toBe(200);
    const before = await readFile(join(dir, 'dashboards/work.json'), 'utf8');

    const pulled = await dashsync(handle, dir, ['pull', '--env', 'prod', 'work']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^kept +dashboards\/work\.json: .*not applied yet/m);
    expect(pulled.stdout + pulled.stderr).not.toContain('literal datasource uid');
    expect(await readFile(join(dir, 'dashboards/work.json'), 'utf8')).toBe(before);
  });
});

describe('pull after an inputs change, 24 dashboards edited in Grafana at concurrency 8 (fixo-68)', () => {
  it('prints their kept notes in the files\' order, and reads the last commits of those files alone', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    const count = 24;
    const edited = Array.from({ length: count }, (_, n) => ({ uid: `edited-${n}`, title: `Edited ${n}`, file: `dashboards/edited-${String(n).padStart(2, '0')}.json` }));
    const calm = Array.from({ length: 8 }, (_, n) => ({ uid: `calm-${n}`, title: `Calm ${n}`, file: `dashboards/calm-${n}.json` }));
    await mkdir(join(dir, 'dashboards'), { recursive: true });
    await writeFile(join(dir, 'dashsync.config.json'), config('prom-a'));
    for (const { uid, title, file } of [...edited, ...calm]) await writeFile(join(dir, file), text({ ...work, uid, title }));
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'prod'])).code).toBe(0);
    await writeFile(join(dir, 'dashsync.config.json'), config('prom-b'));
    await commitAll(dir, 'prod: new prometheus');
    for (const { uid } of edited) await editInUi(handle, uid, 'Edited in the Grafana UI');
    // The first file's dashboard answers last (each read one by one through /api): it finishes after the others.
    handle.setFaults({ latencyMs: 500, pathPrefix: '/api/dashboards/uid/edited-0', methods: ['GET'] });

    const { result, batchRequests } = await countGitCalls(() => dashsync(handle, dir, ['pull', '--env', 'prod', '--api', 'legacy', '--dry-run', '--concurrency', '8']));

    expect(result.code, result.stdout + result.stderr).toBe(0);
    const noted = lines(result.stderr).flatMap((line) => /^note: (\S+): kept \$\{DS_PROM\}/.exec(line)?.[1] ?? []);
    expect(noted).toEqual(edited.map(({ file }) => file));
    // git read committed versions of the edited files (their histories, then their last commits), never of the calm ones.
    expect(batchRequests.filter((request) => request.includes('/edited-')).length).toBeGreaterThanOrEqual(count);
    expect(batchRequests.filter((request) => request.includes('/calm-'))).toEqual([]);
  });
});

// fixn-69 (fixo-68 left it): pull's check for a commit not applied yet read a commit's config at the config's path now, so a
// commit from before a `git mv` of the config rendered its placeholders with this run's inputs.
describe('pull after the config moved with git mv, then a commit wrote the new datasource over the placeholder', () => {
  /** work on ${DS_PROM} (prom-a) applied; the config moved (`moveConfigTo`) and prod's DS_PROM → prom-b; then work.json names prom-b itself. */
  async function hardCodedAfterInputsChanged(moveConfigTo?: string) {
    const { handle, dir } = await workAppliedOnPromA();
    if (moveConfigTo !== undefined) {
      await mkdir(dirname(join(dir, moveConfigTo)), { recursive: true });
      await git(dir, 'mv', 'dashsync.config.json', moveConfigTo);
    }
    await writeFile(join(dir, moveConfigTo ?? 'dashsync.config.json'), config('prom-b'));
    await commitAll(dir, 'prod: new prometheus');
    await writeFile(join(dir, 'dashboards/work.json'), text(work).replace('${DS_PROM}', 'prom-b'));
    await commitAll(dir, 'work: prom-b itself');
    await editInUi(handle, 'work', 'Edited in the Grafana UI');
    return { handle, dir, config: moveConfigTo === undefined ? [] : ['--config', moveConfigTo] };
  }

  for (const moveConfigTo of [undefined, 'deploy/dashsync.json']) {
    it(`refuses the file: the commit since the push is not applied (${moveConfigTo === undefined ? 'the config where it was' : 'the config moved'})`, async () => {
      const { handle, dir, config: configFlag } = await hardCodedAfterInputsChanged(moveConfigTo);

      const pulled = await dashsync(handle, dir, ['pull', '--env', 'prod', ...configFlag, 'work']);

      expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
      expect(pulled.stdout).toMatch(/^refused +dashboards\/work\.json: changed on both sides/m);
      const file = await readFile(join(dir, 'dashboards/work.json'), 'utf8');
      expect(file).toContain('"uid": "prom-b"');
      expect(file).not.toContain('Edited in the Grafana UI');
    });
  }
});
