import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { runCli, type CliResult } from '../../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, dashsync, editInUi, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

// walk-18 H-1 / M-2: a command printed as advice, pasted into a shell as printed, runs against the same tree, config and
// backup directory as the run that printed it. Each test takes the printed command, splits it as a POSIX shell does and
// runs it (the built CLI, spawned: the shell's words are under test).

const model = (uid: string, title: string) => ({ uid, title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });
const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

/** The words a POSIX shell makes of `command` (plain words and single quotes, as renderNextCommand writes them). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + command[++i];
    } else word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}

/** Runs a printed `dashsync …` command in `dir` as a user who pastes it. */
function paste(handle: SandboxHandle, dir: string, command: string): Promise<CliResult> {
  const [program, ...args] = shellWords(command);
  expect(program).toBe('dashsync');
  return runCli(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
}

/** A work directory whose config `ops/ds.json` roots its tree at `my tree/`, which holds `<name>.json` (committed). */
async function treeOfConfig(name: string, dashboard: object): Promise<string> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'ops'));
  await mkdir(join(dir, 'my tree'));
  await writeFile(join(dir, 'ops/ds.json'), text({ root: '../my tree' }));
  await writeFile(join(dir, `my tree/${name}.json`), text(dashboard));
  await commitAll(dir, 'add');
  return dir;
}

let handle: SandboxHandle;
beforeAll(async () => {
  // Grafana 12 on legacy storage keeps no "Recently deleted": a pruned dashboard comes back from its backup only.
  handle = await startTestSandbox({ grafanaVersion: '12' });
});
afterAll(() => handle.close());

describe('printed advice, pasted as printed', () => {
  it("a conflict's `pull <uid>` after applying a plan made with --root merges into that tree, not a new dashboards/ tree (M-2)", async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'grafana'));
    await writeFile(join(dir, 'grafana/work.json'), text(model('work', 'Workloads')));
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--root', 'grafana', '--auto-approve'])).code).toBe(0);
    await writeFile(join(dir, 'grafana/work.json'), text(model('work', 'Workloads v2')));
    await commitAll(dir, 'rename');
    expect((await dashsync(handle, dir, ['plan', '--root', 'grafana', '--out', 'r.json'])).code).toBe(0);
    await editInUi(handle, 'work', 'a live edit');

    const applied = await dashsync(handle, dir, ['apply', 'r.json']);
    expect(applied.code).toBe(1);
    const pull = /(dashsync pull [^,;]*?) to (?:merge|bring) the live edit/.exec(applied.stderr)?.[1];
    expect(pull, applied.stderr).toMatch(/^dashsync pull --root grafana (--force )?work$/);

    const pasted = await paste(handle, dir, pull!);
    expect(pasted.stdout + pasted.stderr).toContain('grafana/work.json');
    expect(existsSync(join(dir, 'dashboards')), pasted.stdout + pasted.stderr).toBe(false);
  });

  it("an unreviewed apply's kept edit: `To keep the edit: dashsync pull <uid>` says what the pasted pull does when the file holds a change of its own (walk-57)", async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/both.json'), text(model('both', 'Both sides')));
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    await writeFile(join(dir, 'dashboards/both.json'), text(model('both', 'Both sides (git)')));
    await commitAll(dir, 'retitle in git');
    await editInUi(handle, 'both', 'a live edit');

    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(1);
    const advice = /To keep the edit: (dashsync pull both) ([^;]*);/.exec(applied.stderr);
    expect(advice, applied.stderr).not.toBeNull();
    // Pull never merges: with a change of the file's own not applied yet it refuses, and the advice says so.
    expect(advice![2]).toBe('to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two)');

    const pasted = await paste(handle, dir, advice![1]!);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(1);
    expect(pasted.stdout).toMatch(/^refused {2}dashboards\/both\.json: changed on both sides since dashsync applied version 1: .*To merge by hand, run: dashsync pull --force both && /m);
  });

  it("`Saved the plan …; apply it with:` carries --config: pasted, it applies that config's tree (M-2)", async () => {
    const dir = await treeOfConfig('cfg', model('cfg-one', 'Config One'));
    const planned = await dashsync(handle, dir, ['plan', '--config', 'ops/ds.json', '--out', 'c.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const apply = /apply it with: (.*)$/m.exec(planned.stderr)?.[1];
    expect(apply).toBe('dashsync apply --config ops/ds.json c.json');

    const pasted = await paste(handle, dir, apply!);
    expect(pasted.code, pasted.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/cfg-one')).status).toBe(200);
  });

  it("`dashsync show` of a plan made with --config: its drift line's pull carries --config: pasted, it pulls into that config's tree", async () => {
    const dir = await treeOfConfig('shown', model('shown', 'Shown'));
    expect((await dashsync(handle, dir, ['apply', '--config', 'ops/ds.json', '--auto-approve'])).code).toBe(0);
    await editInUi(handle, 'shown', 'a live edit');
    const planned = await dashsync(handle, dir, ['plan', '--config', 'ops/ds.json', '--out', 's.json']);
    expect(planned.code, planned.stderr).toBe(0);

    const shown = await dashsync(handle, dir, ['show', 's.json']);
    expect(shown.code, shown.stderr).toBe(0);
    const pull = /run (dashsync pull [^;]*?) first/.exec(shown.stdout)?.[1];
    expect(pull, shown.stdout).toBe('dashsync pull --config ops/ds.json shown');

    const pasted = await paste(handle, dir, pull!);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'my tree/shown.json'), 'utf8')).description).toBe('a live edit');
    expect(existsSync(join(dir, 'dashboards'))).toBe(false);
  });

  it("after a prune with --backup-dir, `restore --all --deleted-since …` carries it (quoted): pasted, it puts them all back (H-1)", async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    for (const uid of ['keep', 'gone-a', 'gone-b']) await writeFile(join(dir, `dashboards/${uid}.json`), text(model(uid, `Title ${uid}`)));
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    for (const uid of ['gone-a', 'gone-b']) await rm(join(dir, `dashboards/${uid}.json`));
    await commitAll(dir, 'remove two');

    // --force: prune all on this shared sandbox also deletes the dashboards other tests here edited in Grafana, which an
    // unreviewed apply would otherwise keep as conflicts (exit 1).
    const pruned = await dashsync(handle, dir, ['apply', '--auto-approve', '--force', '--prune', 'all', '--backup-dir', "bak's dir"]);
    expect(pruned.code, pruned.stderr).toBe(0);
    const restore = /\((dashsync restore .*?) puts them all back/.exec(pruned.stdout)?.[1];
    expect(restore, pruned.stdout).toMatch(/^dashsync restore --backup-dir 'bak'\\''s dir' --all --deleted-since \S+$/);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/gone-a')).status).toBe(404);

    const pasted = await paste(handle, dir, restore!);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    for (const uid of ['gone-a', 'gone-b']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status, uid).toBe(200);
    expect(await readFile(join(dir, 'dashboards/keep.json'), 'utf8')).toBe(text(model('keep', 'Title keep')));
  });

  // On the old code the line was `run dashsync plan --api legacy --prune all and apply again`: only the plan had the run's
  // flags, and an apply typed after it pruned nothing (and went through /apis). Then (fixo-72 left) `run dashsync apply --api
  // legacy --prune all again`: pasted outside a terminal, it deletes whatever no file holds by then, unreviewed.
  it('after a failed delete of `apply --api legacy --prune all`, "run … again to finish" is a plan to review and its apply: pasted, they make the delete, and only what the plan lists', async () => {
    const own = await startTestSandbox({ grafanaVersion: '12' });
    try {
      const dir = await makeWorkDir();
      await mkdir(join(dir, 'dashboards'));
      for (const uid of ['stay', 'drop']) await writeFile(join(dir, `dashboards/${uid}.json`), text(model(uid, `Title ${uid}`)));
      await commitAll(dir, 'add');
      expect((await dashsync(own, dir, ['apply', '--auto-approve'])).code).toBe(0);
      await rm(join(dir, 'dashboards/drop.json'));
      await commitAll(dir, 'remove one');
      own.setFaults({ pathPrefix: '/api/dashboards/uid/drop', methods: ['DELETE'], script: [{ kind: 'status', status: 400, message: 'refused once' }] });

      const failed = await dashsync(own, dir, ['apply', '--auto-approve', '--api', 'legacy', '--prune', 'all']);
      expect(failed.code, failed.stderr).toBe(1);
      const [, plan, apply] = /run (dashsync plan .*?) again and review it, then (dashsync apply .*?) to finish/.exec(failed.stderr) ?? [];
      expect([plan, apply], failed.stderr).toEqual(['dashsync plan --api legacy --prune all --out plan.json', 'dashsync apply --api legacy plan.json']);
      expect((await apiRequest(own, 'GET', '/api/dashboards/uid/drop')).status).toBe(200);

      own.clearRequests();
      const planned = await paste(own, dir, plan!);
      expect(planned.code, planned.stdout + planned.stderr).toBe(0);
      expect(planned.stdout).toMatch(/^- delete +"Title drop" \(uid drop, /m);
      const pasted = await paste(own, dir, apply!);
      expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
      expect((await apiRequest(own, 'GET', '/api/dashboards/uid/drop')).status).toBe(404);
      expect(own.requests().some((entry) => entry.path.startsWith('/apis'))).toBe(false);
    } finally {
      await own.close();
    }
  });

  // On the old code the line ended `Run dashsync plan again and review it`: no command, and a plan typed without the saved
  // plan's --root and --include plans another tree, or all of it.
  it("a saved plan refused for a file changed since: the plan and apply it advises carry the plan's --root and --include, --max-deletes the apply's: pasted, they plan that selection and apply it", async () => {
    const own = await startTestSandbox({ grafanaVersion: '12' });
    try {
      const dir = await makeWorkDir();
      for (const team of ['team-a', 'team-b']) {
        await mkdir(join(dir, `grafana/${team}`), { recursive: true });
        await writeFile(join(dir, `grafana/${team}/board.json`), text(model(team, `${team} v1`)));
      }
      await commitAll(dir, 'add');
      expect((await dashsync(own, dir, ['apply', '--root', 'grafana', '--auto-approve'])).code).toBe(0);
      await writeFile(join(dir, 'grafana/team-a/board.json'), text(model('team-a', 'team-a v2')));
      expect((await dashsync(own, dir, ['plan', '--root', 'grafana', '--include', 'team-a/**', '--out', 'my plan.json'])).code).toBe(0);
      await writeFile(join(dir, 'grafana/team-a/board.json'), text(model('team-a', 'team-a v3')));
      await writeFile(join(dir, 'grafana/team-b/board.json'), text(model('team-b', 'team-b v2')));

      const refused = await dashsync(own, dir, ['apply', '--max-deletes', '3', 'my plan.json']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        'error: 1 file changed since the plan was made (grafana/team-a/board.json); nothing was applied. ' +
          "Run dashsync plan --root grafana --include 'team-a/**' --out 'my plan.json' again and review it, then dashsync apply --max-deletes 3 'my plan.json'\n",
      );
      const [, plan, apply] = /Run (dashsync plan .*?) again and review it, then (dashsync apply .*)\n$/.exec(refused.stderr)!;

      const planned = await paste(own, dir, plan!);
      expect(planned.code, planned.stderr).toBe(0);
      expect(planned.stdout).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete');
      const applied = await paste(own, dir, apply!);
      expect(applied.code, applied.stderr).toBe(0);
      expect((await apiRequest(own, 'GET', '/api/dashboards/uid/team-a')).body.dashboard.title).toBe('team-a v3');
      expect((await apiRequest(own, 'GET', '/api/dashboards/uid/team-b')).body.dashboard.title).toBe('team-b v1');
    } finally {
      await own.close();
    }
  });

  // review-53b R4: a saved plan without changes is checked against the run before it is shown; its refusal's advice
  // carried the config's root and no --include, so pasted it planned another tree into the same plan file.
  it("a saved --root/--include plan without changes, refused as the config's inputs changed: the plan it advises carries its --root and --include; pasted, it plans that tree", async () => {
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), text({ inputs: { DS_PROM: 'prom-a' } }));
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/other.json'), text(model('other', 'Other')));
    for (const team of ['team-a', 'team-b']) {
      await mkdir(join(dir, `grafana/${team}`), { recursive: true });
      await writeFile(join(dir, `grafana/${team}/board.json`), text(model(`r4-${team}`, `${team} v1`)));
    }
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--root', 'grafana', '--auto-approve'])).code).toBe(0);
    const made = await dashsync(handle, dir, ['plan', '--root', 'grafana', '--include', 'team-a/**', '--out', 'my plan.json']);
    expect([made.code, made.stdout]).toEqual([0, expect.stringContaining('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged')]);
    await writeFile(join(dir, 'dashsync.config.json'), text({ inputs: { DS_PROM: 'prom-b' } }));

    const refused = await dashsync(handle, dir, ['apply', 'my plan.json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Run dashsync plan --root grafana --include 'team-a\/\*\*' --out 'my plan\.json' again, then dashsync apply 'my plan\.json'\n$/);
    const [, plan] = /Run (dashsync plan .*?) again, then /.exec(refused.stderr)!;

    const planned = await paste(handle, dir, plan!);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged');
    const uids = JSON.parse(await readFile(join(dir, 'my plan.json'), 'utf8')).actions.map((action: { uid?: string }) => action.uid);
    expect(uids).toContain('r4-team-a');
    expect(uids).not.toContain('other');
  });

  // review-53 F3: the not-covered note of a saved plan made with --include advises a plan with that --include; the files it
  // names are the ones such a plan deploys (those the include leaves out are no file of that plan), so the pasted plan deploys them.
  it("a saved --include plan's not-covered note names the files its pasted plan deploys, not those its include leaves out", async () => {
    const dir = await makeWorkDir();
    for (const team of ['team-a', 'team-b']) {
      await mkdir(join(dir, `dashboards/${team}`), { recursive: true });
      await writeFile(join(dir, `dashboards/${team}/board.json`), text(model(team, `${team} v1`)));
    }
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    await writeFile(join(dir, 'dashboards/team-a/board.json'), text(model('team-a', 'team-a v2')));
    await commitAll(dir, 'team-a v2');
    const planFile = join(await makeWorkDir(), 'plan.json');
    expect((await dashsync(handle, dir, ['plan', '--include', 'team-a/**', '--out', planFile])).code).toBe(0);
    await writeFile(join(dir, 'dashboards/team-a/added.json'), text(model('team-a-added', 'team-a added')));
    await writeFile(join(dir, 'dashboards/team-b/board.json'), text(model('team-b', 'team-b v2')));
    await commitAll(dir, 'after the plan');

    const applied = await dashsync(handle, dir, ['apply', '--auto-approve', planFile]);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toBe(
      "note: 1 file changed since this plan was made that it does not push (dashboards/team-a/added.json): dashsync plan --include 'team-a/**' again to deploy it\n" +
        // The files its include leaves out are counted on a note of their own (stop 53: not said at all), with the plan that reads them.
        'note: 1 file changed since this plan was made outside its --include (dashboards/team-b/board.json): dashsync plan to deploy it\n',
    );
    const [, advised] = /: (dashsync plan .*) again to deploy it\n/.exec(applied.stderr)!;
    const planned = await paste(handle, dir, advised!);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('Plan: 1 to create, 0 to update, 0 to move, 0 to delete');
    const [, outside] = /outside its --include \(.*\): (dashsync plan.*) to deploy it\n$/.exec(applied.stderr)!;
    const whole = await paste(handle, dir, outside!);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toContain('Plan: 1 to create, 1 to update, 0 to move, 0 to delete');
  });
});
