import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, git, makeWorkDir } from './pull-fixture.js';
import { lines, writeJson } from '../e2e/plan/plan-fixture.js';

/**
 * walk-62 H4: two dashsync repositories whose directories share a path (dashboards/shared: one derived folder). Team B's
 * routine refresh pull does not adopt the dashboard ours pushed (its CI would then revert each change we make): one note,
 * naming our commit; `pull <uid>` naming it still writes it, saying whose it is.
 */
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

describe('a refresh pull beside another dashsync repository', () => {
  it("leaves out the dashboard another repository pushed into a shared folder; naming its uid takes it, saying whose", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const teamB = await makeWorkDir();
    await writeJson(teamB, 'dashboards/shared/pay-overview.json', board('pay-overview', 'Shared overview'));
    await commitAll(teamB, 'team B');
    expect((await dashsync(handle, teamB, ['apply'])).code).toBe(0);

    const ours = await makeWorkDir();
    // Its library panel, which only it uses, is ours too: the refresh leaves it out with it.
    await writeJson(ours, 'dashboards/shared/_library/shared-cpu.json', { uid: 'lp-shared', name: 'Shared CPU', kind: 1, model: { type: 'stat', title: 'CPU' } });
    await writeJson(ours, 'dashboards/shared/ours-shared.json', { ...board('ours-shared', 'Our shared view'), panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-shared', name: 'Shared CPU' } }] });
    await commitAll(ours, 'our shared view');
    expect((await dashsync(handle, ours, ['apply'])).code).toBe(0);
    const our = (await git(ours, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const refresh = await dashsync(handle, teamB, ['pull']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(existsSync(join(teamB, 'dashboards/shared/our-shared-view.json'))).toBe(false);
    expect(existsSync(join(teamB, 'dashboards/shared/_library'))).toBe(false);
    expect(lines(refresh.stdout)).toContain('Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.');
    expect(lines(refresh.stderr)).toContain(
      `note: 1 dashboard was last pushed by dashsync from commit ${our}, which this repository does not have (not fetched yet, or another repository's): ` +
        "not written, as a refresh pull takes no other branch's or repository's dashboard: ours-shared (with library panel lp-shared \"Shared CPU\", which only it uses here); fetch every branch (git fetch origin '+refs/heads/*:refs/remotes/origin/*') to bring in a branch of this repository that pushed it; " +
        'dashsync pull ours-shared takes it into the tree anyway',
    );

    const named = await dashsync(handle, teamB, ['pull', 'ours-shared']);
    expect(named.code, named.stderr).toBe(0);
    expect(existsSync(join(teamB, 'dashboards/shared/our-shared-view.json'))).toBe(true);
    expect(existsSync(join(teamB, 'dashboards/shared/_library/shared-cpu.json'))).toBe(true);
    expect(named.stderr).toContain(`note: 1 dashboard was last pushed by dashsync from commit ${our}, which this repository does not have (not fetched yet, or another repository's): fetch every branch (git fetch origin '+refs/heads/*:refs/remotes/origin/*') to know`);
  });

  it('pull <uid> of a dashboard in a folder externalFolders lists names it another repository\'s, with no takeover or fetch advice (own-64)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const teamA = await makeWorkDir();
    await writeJson(teamA, 'dashboards/payments/_folder.json', { uid: 'payments', title: 'Payments' });
    await writeJson(teamA, 'dashboards/payments/pay-api.json', board('pay-api', 'Payments API'));
    await writeJson(teamA, 'dashboards/payments/pay-web.json', board('pay-web', 'Payments Web'));
    await commitAll(teamA, 'team A');
    expect((await dashsync(handle, teamA, ['apply'])).code).toBe(0);
    const theirs = (await git(teamA, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const ours = await makeWorkDir();
    await writeJson(ours, 'dashsync.config.json', { externalFolders: ['payments'] });
    await writeJson(ours, 'dashboards/ours.json', board('ours', 'Ours'));
    await commitAll(ours, 'ours, beside team A');
    expect((await dashsync(handle, ours, ['apply'])).code).toBe(0);

    const named = await dashsync(handle, ours, ['pull', 'pay-api']);
    expect(named.code, named.stderr).toBe(0);
    const note = lines(named.stderr).find((line) => line.includes(theirs));
    expect(note).toBe(
      `note: 1 dashboard was last pushed by dashsync from commit ${theirs}, which this repository does not have: another repository's, in folder "Payments", ` +
        'which "externalFolders" in dashsync.config.json lists (or a folder above it) as another tree\'s: remove the file this pull wrote there ' +
        '(dashboards/payments/payments-api.json: a directory of the tree may not hold a folder listed there), or, if this tree takes that folder over, remove that folder from "externalFolders"',
    );
    // Each file the pull wrote there is named (rev-66c L2); not ours, which it wrote elsewhere.
    await rm(join(ours, 'dashboards/payments/payments-api.json'));
    await rm(join(ours, 'dashboards/ours.json'));
    const both = await dashsync(handle, ours, ['pull', 'pay-api', 'pay-web', 'ours']);
    expect(both.code, both.stderr).toBe(0);
    expect(existsSync(join(ours, 'dashboards/ours.json'))).toBe(true);
    expect(lines(both.stderr).find((line) => line.includes(theirs))).toContain(
      'remove the files this pull wrote there (dashboards/payments/payments-api.json, dashboards/payments/payments-web.json: a directory of the tree may not hold a folder listed there)',
    );
  });

  it('a refresh pull and pull --all write nothing into a folder externalFolders lists, one line each; the plan after them is clean (fixl-67)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const teamA = await makeWorkDir();
    await writeJson(teamA, 'dashboards/payments/_folder.json', { uid: 'payments', title: 'Payments' });
    await writeJson(teamA, 'dashboards/payments/pay-api.json', board('pay-api', 'Payments API'));
    await commitAll(teamA, 'team A');
    expect((await dashsync(handle, teamA, ['apply'])).code).toBe(0);

    const ours = await makeWorkDir();
    await writeJson(ours, 'dashsync.config.json', { externalFolders: ['payments'] });
    await writeJson(ours, 'dashboards/ours.json', board('ours', 'Ours'));
    await commitAll(ours, 'ours, beside team A');
    expect((await dashsync(handle, ours, ['apply'])).code).toBe(0);

    for (const args of [['pull'], ['pull', '--all']]) {
      const pulled = await dashsync(handle, ours, args);
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(existsSync(join(ours, 'dashboards/payments'))).toBe(false);
      if (args.length === 1) continue;
      expect(lines(pulled.stdout)).toContain(
        'skipped pay-api "Payments API": dashboards/payments/payments-api.json not written: Grafana has it in folder "Payments" (payments), which "externalFolders" in dashsync.config.json lists (or a folder above it) ' +
          'as another tree\'s, and a directory of this tree may not hold such a folder. If this tree takes that folder over, remove it from "externalFolders" and dashsync pull pay-api again',
      );
      expect(lines(pulled.stdout).at(-1)).toMatch(/, 1 not written \(in externalFolders\)\.$/);
    }
    const plan = await dashsync(handle, ours, ['plan']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });
});
