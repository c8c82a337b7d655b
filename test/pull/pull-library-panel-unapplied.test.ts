import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { pasteInShell } from '../helpers/paste-in-shell.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { bootstrapFromGrafana, commitAll, commitChange, dashsync, git, lines, makeWorkDir } from './pull-fixture.js';

// pull-44: a `_library/` file holding a committed change not applied yet was replaced by Grafana's version whenever someone
// else had changed the panel there (audit-ux-10 F12's protection covered dashboards only). Library panels keep no history.

const FILE = 'dashboards/_library/cpu.json';
const panel = (title: string) => ({ uid: 'lp-cpu', name: 'CPU', kind: 1, model: { type: 'stat', title, description: '' } });
const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

/** Someone (an Editor's `token`) makes panel lp-cpu in Grafana. */
async function createPanelAs(handle: SandboxHandle, token: string): Promise<void> {
  const created = await apiRequest(handle, 'POST', '/api/library-elements', { uid: 'lp-cpu', name: 'CPU', kind: 1, folderUid: '', model: { type: 'stat', title: 'cpu' } }, bearerHeaders(token));
  expect(created.status, created.text).toBe(200);
}

/** Someone else (an Editor's token) changes the panel in Grafana, over the version it has now. */
async function editInGrafana(handle: SandboxHandle, title: string): Promise<void> {
  const live = await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu');
  const token = await handle.createToken('Editor');
  const patched = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.body.result.version, model: { type: 'stat', title } }, bearerHeaders(token));
  expect(patched.status, patched.text).toBe(200);
}

/** A dashboard that uses lp-cpu, as the tree and Grafana hold it. */
const NODE_USING_PANEL = { uid: 'node', title: 'Node', schemaVersion: 39, panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-cpu', name: 'CPU' } }] };

/** node, which uses the panel, written into the tree and committed (at `at`, else now). */
async function commitNodeUsingPanel(dir: string, at?: Date): Promise<void> {
  await writeFile(join(dir, 'dashboards/node.json'), text(NODE_USING_PANEL));
  await commitAll(dir, 'add node', at);
}

/** A work tree with the panel's file and a dashboard using it, committed and not applied. */
async function panelAndUserCommitted(): Promise<string> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
  await writeFile(join(dir, FILE), text(panel('cpu')));
  await writeFile(join(dir, 'dashboards/node.json'), text(NODE_USING_PANEL));
  await commitAll(dir, 'add');
  return dir;
}


/**
 * The panel changed in Grafana ("first edit"), pulled and committed (at `committedAt`, else now), then changed again ("second
 * edit") after `between`: the pull commit's short sha. The pull's record (.git/dashsync/library-pulls/) goes with it, as
 * where that pull was made in another clone, so that what the pushes show decides (`keepRecord`: the pull was made here).
 */
async function pullThenEditAgain(handle: SandboxHandle, dir: string, options: { committedAt?: Date; between?: () => Promise<void>; keepRecord?: true } = {}): Promise<string> {
  await editInGrafana(handle, 'first edit');
  const pulled = await dashsync(handle, dir, ['pull']);
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  await commitAll(dir, 'pull', options.committedAt);
  if (!options.keepRecord) await forgetPulls(dir);
  const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
  await options.between?.();
  await editInGrafana(handle, 'second edit');
  return sha;
}

/** Drops the record of this clone's pulls: as if they were made in another clone. */
async function forgetPulls(dir: string): Promise<void> {
  await rm(join(dir, '.git/dashsync'), { recursive: true, force: true });
}

/** dashsync apply with a token of CI's own (an Admin service account's). */
async function applyAsCi(handle: SandboxHandle, dir: string, ci: string, args: string[] = []): Promise<void> {
  const applied = await runCliInProcess(['apply', '--auto-approve', ...args], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_TOKEN: ci } });
  expect(applied.code, applied.stderr).toBe(0);
}

/**
 * dashsync apply with CI's token from a copy of the tree outside git: its pushes name no commit, as an earlier release's
 * did, so pull judges them by time.
 */
async function applyAsCiOutsideGit(handle: SandboxHandle, dir: string, ci: string, args: string[] = []): Promise<void> {
  const copy = await makeWorkDir();
  await cp(join(dir, 'dashboards'), join(copy, 'dashboards'), { recursive: true });
  await applyAsCi(handle, copy, ci, args);
}

/** The message of dashboard `uid`'s newest version, read on its own (the list shows a first version's as "Initial save"; 12+ wraps the list). */
async function newestVersionMessage(handle: SandboxHandle, uid: string): Promise<string> {
  const listed = await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}/versions?limit=1`);
  expect(listed.status, listed.text).toBe(200);
  const newest = (Array.isArray(listed.body) ? listed.body : listed.body.versions)[0];
  const read = await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}/versions/${newest.version}`);
  expect(read.status, read.text).toBe(200);
  return read.body.message as string;
}

/** The commit before `sha` that touched the panel's file (12 digits): the base of the hand merge that applies `sha`'s change alone. */
async function changeBase(dir: string, sha: string): Promise<string> {
  return (await git(dir, 'rev-list', '-1', `${sha}^`, '--', FILE)).trim().slice(0, 12);
}

/** `minutes` before now: a commit CI's push, made now, comes that long after (as it does after a merge). */
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('pull of a library panel file whose committed change Grafana may not have (Grafana 12)', () => {
  // walk-68 L3: a service account is never logged into: its refusal says whose tokens may have saved it instead.
  it('with a service account token: the refusal names it as the service account these credentials belong to', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await panelAndUserCommitted();
    const token = await handle.createToken('Editor');
    const asServiceAccount = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_TOKEN: token } });
    const applied = await asServiceAccount(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    await writeFile(join(dir, FILE), text(panel('cpu (PR)')));
    await commitAll(dir, 'pr: cpu title');
    await editInGrafana(handle, 'from the UI');

    const pulled = await asServiceAccount(['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(
      /\(its creator is sa-1-\S+, the service account these credentials belong to: that save may be dashsync's, or another tool's or person's using a token of that service account; Grafana does not tell them apart\)/,
    );
    expect(pulled.stdout).not.toContain('logged in as');
  });

  it('refuses it after someone changed the panel over dashsync\'s apply of the commit before; pull <dashboard uid> too; --force takes Grafana\'s version', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await panelAndUserCommitted();
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);

    // The PR changes the panel; before it is applied, someone changes the panel in Grafana.
    const mine = text(panel('cpu (PR)'));
    await writeFile(join(dir, FILE), mine);
    await commitAll(dir, 'pr: cpu title');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await editInGrafana(handle, 'from the UI');

    for (const args of [['pull'], ['pull', 'node']]) {
      const pulled = await dashsync(handle, dir, args);
      expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
      expect(pulled.stdout).toMatch(
        new RegExp(
          `^refused +dashboards/_library/cpu\\.json: changed in Grafana \\(version 2 by [^)]+\\), which holds none of the file's committed versions, and in git by ${sha}: ` +
            'Grafana keeps no history of a library panel, so pull cannot tell whether that commit was applied before the change in Grafana ' +
            // pull-46: the panel's creator is the login pull's credentials use, which a person may share (audit-ux-12 U4): said so.
            "\\(its creator is admin, the login these credentials use: that save may be dashsync's, or a person's logged in as admin; Grafana does not tell them apart\\)\\. " +
            `To merge by hand, run: dashsync pull --force lp-cpu && git commit -m 'pull lp-cpu from Grafana' -- dashboards/_library/cpu\\.json && git diff [0-9a-f]{12} ${sha} -- dashboards/_library/cpu\\.json \\| git apply --3way && ` +
            `git commit -m 'lp-cpu: merge ${sha} with the pulled version' -- dashboards/_library/cpu\\.json \\(where git apply reports a conflict`,
          'm',
        ),
      );
      expect(pulled.stderr).toContain(`${FILE}: error: library panel lp-cpu changed in Grafana, and pull cannot tell whether its committed change is applied: not written (its refused line says why, and how to merge the two) (pull-refused)`);
      expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
    }

    const forced = await dashsync(handle, dir, ['pull', '--force', 'lp-cpu']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^updated +dashboards\/_library\/cpu\.json$/m);
    expect(await git(dir, 'diff', '--', FILE)).toContain('-    "title": "cpu (PR)"');
  });

  it('keeps it when Grafana holds what an earlier commit held (someone else made the panel; the commit since is not applied)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
    const file = join(dir, FILE);
    const { text: mine, sha } = await commitChange(dir, FILE, '"title": "cpu"', '"title": "cpu (mine)"');

    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(new RegExp(`^kept +dashboards/_library/cpu\\.json: committed in ${sha} and not applied yet: Grafana still has the version that commit started from \\(version 1 by `, 'm'));
    expect(await readFile(file, 'utf8')).toBe(mine);

    // Someone changes it in Grafana on top. dashsync never saved the panel (made and changed by others), and nothing shows
    // the commit applied: refused, the file kept (walk-71 M3; pull-45 took Grafana's version, naming the commit replaced).
    await editInGrafana(handle, 'from the UI');
    const refused = await dashsync(handle, dir, ['pull']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stdout).toMatch(new RegExp(`^refused +dashboards/_library/cpu\\.json: changed in Grafana \\(version 2 by sa-[^)]+\\), which holds none of the file's committed versions, and in git by ${sha}: `, 'm'));
    expect(refused.stdout).toContain("no pull or apply in this clone took that content from this Grafana, pushed it there or found it there (its record: .git/dashsync/library-pulls/ and dashboards/.dashsync/library-pulls/)");
    expect(await readFile(file, 'utf8')).toBe(mine);
  });

  // review-11 H1: the panel's creator and last saver were compared with this pull's credentials only, so a pull by a person
  // after CI's apply (a service-account token) took Grafana's version over the committed, unapplied change, saying
  // dashsync never saved the panel.
  it('refuses it when CI applied with other credentials than the pull\'s: the dashboard using the panel shows dashsync\'s push', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const ci = await handle.createToken('Admin');
    const dir = await panelAndUserCommitted();
    await applyAsCi(handle, dir, ci);
    const mine = text(panel('cpu (PR)'));
    await writeFile(join(dir, FILE), mine);
    await commitAll(dir, 'pr: cpu title');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await editInGrafana(handle, 'from the UI');

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(
      new RegExp(
        `^refused +dashboards/_library/cpu\\.json: changed in Grafana \\(version 2 by [^)]+\\), which holds none of the file's committed versions, and in git by ${sha}: ` +
          'Grafana keeps no history of a library panel, so pull cannot tell whether that commit was applied before the change in Grafana ' +
          "\\(its creator is sa-1-sandbox-admin-\\d+, the identity dashsync pushed dashboard node with, a dashboard using the panel: that save may be dashsync's, or someone's signed in with the same credentials\\)\\. " +
          'To merge by hand, run: dashsync pull --force lp-cpu && ',
        'm',
      ),
    );
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
  });

  // pull-46: on 11.2–11.4 `/api` names every service account `Anonymous` in the version list, so CI's push was not seen at
  // all and Grafana's version replaced the committed change (review-11 H1 there). Its note names the account by name, the
  // panel's meta by login: they cannot be compared, and the line says so.
  it('refuses it on Grafana 11.2 too, where the version list names CI\'s token Anonymous', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    const ci = await handle.createToken('Admin');
    const dir = await panelAndUserCommitted();
    await applyAsCi(handle, dir, ci);
    const mine = text(panel('cpu (PR)'));
    await writeFile(join(dir, FILE), mine);
    await commitAll(dir, 'pr: cpu title');
    await editInGrafana(handle, 'from the UI');

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toContain(
      "(its creator and last saver are not these credentials, and dashboard node, which uses it, holds a push of dashsync's by an identity pull could not compare with them: " +
        'the push names a service account by its name, the panel names its savers by login). To merge by hand, run: dashsync pull --force lp-cpu && ',
    );
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
  });

  it('updates it for a team that changes the panel in Grafana and pulls, commit after commit (pull-45: refused from the second commit on)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
    const file = join(dir, FILE);
    await editInGrafana(handle, 'first edit');
    for (const [round, title] of ['second edit', 'third edit'].entries()) {
      const pulled = await dashsync(handle, dir, ['pull']);
      expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
      await commitAll(dir, `pull ${round}`);
      await editInGrafana(handle, title);
    }
    // Each commit holds what a pull in this clone took from Grafana (its record): nothing of the file's is lost.
    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toContain(`updated  ${FILE}`);
    expect(await readFile(file, 'utf8')).toContain('"title": "third edit"');
  });
  it('still updates it for that team when a dashboard made in Grafana uses the panel (no push of dashsync\'s on it)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { dir } = await bootstrapFromGrafana(handle, async (token) => {
      await createPanelAs(handle, token);
      const saved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: NODE_USING_PANEL, overwrite: false }, bearerHeaders(token));
      expect(saved.status, saved.text).toBe(200);
    });
    expect((await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu/connections')).body.result).toHaveLength(1);
    await pullThenEditAgain(handle, dir, { keepRecord: true });

    const again = await dashsync(handle, dir, ['pull']);

    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(lines(again.stdout)).toContain(`updated  ${FILE}`);
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "second edit"');
  });

  // audit-ux-12 U4: the panel's updatedBy names the login these credentials use, which a person may share.
  it("calls Grafana's version dashsync's only when a commit of the file holds it; a save under the same login is said as such", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
    await writeFile(join(dir, FILE), text(panel('cpu')));
    await commitAll(dir, 'add');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    const mine = text(panel('cpu (mine)'));
    await writeFile(join(dir, FILE), mine);

    // Nobody changed it since dashsync's apply: Grafana holds the committed version, dashsync's.
    const untouched = await dashsync(handle, dir, ['pull']);
    expect(untouched.stdout).toMatch(/^kept +dashboards\/_library\/cpu\.json: your edit, not committed; Grafana still has dashsync's version 1$/m);

    // Someone logged in as admin (the login these credentials use) changes it in Grafana.
    const live = await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu');
    const patched = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.body.result.version, model: { type: 'stat', title: 'by a person' } });
    expect(patched.status, patched.text).toBe(200);
    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toContain(
      "kept  dashboards/_library/cpu.json: your edit, not committed; Grafana's version 2 was saved by admin, the user these credentials log in as: " +
        'dashsync cannot tell whether it was this tool (no commit of the file holds that version)',
    );
    expect(pulled.stdout).not.toContain("dashsync's version");
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
  });
});

// pull-46: a team whose CI applies the tree with a token of its own while people change the panel in Grafana and pull. The
// dashboard using the panel holds CI's push; pull-45's mend refused every such panel (stop 45 §9 H1: "any push, any
// credentials"). Now the panel's creator and last saver are compared with the identities those pushes name.
describe('pull of a `_library/` file by identity: CI applies with its own token, people change the panel in Grafana (Grafana 12)', () => {
  /** The panel made by someone in Grafana and pulled; node, which uses it, committed and applied by CI; then changed in Grafana and pulled twice. */
  async function ciAppliesPeopleEditPanel(handle: SandboxHandle): Promise<{ dir: string; sha: string }> {
    const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
    await commitNodeUsingPanel(dir);
    await applyAsCi(handle, dir, await handle.createToken('Admin'));
    return { dir, sha: await pullThenEditAgain(handle, dir) };
  }

  // The file's newest commit (the pull's) is older than CI's push of node: an apply came after it (review-12 M1's rule). CI
  // pushes a few minutes after the commit, as it does after a merge (review-13 MEDIUM-1: an hour's allowance refused this).
  it.each(['12', '13'] as const)("takes Grafana's version when neither the panel's creator nor its last saver is the identity CI pushed node with, and CI pushed minutes after the file's last commit (%s)", async (grafanaVersion) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
    const ci = await handle.createToken('Admin');
    const sha = await pullThenEditAgain(handle, dir, {
      committedAt: minutesAgo(4),
      between: async () => {
        await commitNodeUsingPanel(dir);
        await applyAsCi(handle, dir, ci);
      },
    });

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(takenOver(sha, 3));
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "second edit"');
  });

  // A push whose note names no commit (an earlier release's; here an apply outside git) is judged by time: a commit less than
  // 30 s before it may be dated by a clock behind Grafana's, so it counts as after the push, and the line says what is true
  // of it (committed after, or less than 30 s before).
  it.each(['12', '13'] as const)("refuses a commit less than 30 s before CI's push when that push names no commit, and says so (%s)", async (grafanaVersion) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
    const ci = await handle.createToken('Admin');
    const sha = await pullThenEditAgain(handle, dir, {
      between: async () => {
        await commitNodeUsingPanel(dir);
        await applyAsCiOutsideGit(handle, dir, ci);
        expect(await newestVersionMessage(handle, 'node')).not.toContain('[commit ');
      },
    });

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    const refused = lines(pulled.stdout).find((line) => line.startsWith('refused')) ?? '';
    expect(refused).toContain(`in git by ${sha}: `);
    expect(refused.replace(/at \d{4}-\d\d-\d\dT[\d:.]+Z/g, 'at …')).toContain(
      "no push of dashsync's is known to have carried that commit: it was committed after, or less than 30 s before, dashsync's newest push on the dashboards using the panel " +
        "(dashboard node, at …; 30 s allowed for a committer's clock behind Grafana's). If it came from a pull or was applied since",
    );
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "first edit"');
  });

  // review-14 MEDIUM-1: a `--message` ending in `[commit <sha>]` was read as the commit pushed from where dashsync names none:
  // the file's commit, in that sha's history, counted as carried and Grafana's version replaced it (exit 0 on main).
  it("refuses it too when that push's --message ends in `[commit <a sha holding the file's commit>]` (12)", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
    const ci = await handle.createToken('Admin');
    const sha = await pullThenEditAgain(handle, dir, {
      between: async () => {
        await commitNodeUsingPanel(dir);
        const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
        await applyAsCiOutsideGit(handle, dir, ci, ['--message', `release [commit ${head}]`]);
        expect(await newestVersionMessage(handle, 'node')).toContain(`release (commit ${head}) [content `);
      },
    });

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(lines(pulled.stdout).find((line) => line.startsWith('refused')) ?? '').toContain(`in git by ${sha}: `);
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "first edit"');
  });

  // review-12 M1: CI's save of the panel between the UI's two leaves no name on it, so pull-46 took Grafana's version over the
  // commit not applied since (exit 0). No push of dashsync's came after that commit: it is refused.
  it.each(['12', '13'] as const)('refuses a commit newer than every push of dashsync\'s: made in the UI, pulled, changed by CI\'s apply, changed again in git, then in the UI (taken before; %s)', async (grafanaVersion) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
    await commitNodeUsingPanel(dir);
    const pushedFrom = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const ci = await handle.createToken('Admin');
    await applyAsCi(handle, dir, ci);
    // Applies the panel's change alone: no dashboard is pushed, so node's push names the commit before.
    await commitChange(dir, FILE, '"title": "cpu"', '"title": "cpu (B)"');
    await applyAsCi(handle, dir, ci);
    const { text: mine, sha } = await commitChange(dir, FILE, '"title": "cpu (B)"', '"title": "cpu (C)"');
    await editInGrafana(handle, 'from the UI');

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    const refused = lines(pulled.stdout).find((line) => line.startsWith('refused')) ?? '';
    expect(refused.replace(/\(version 3 by [^)]+\)/, '(version 3 by …)').replace(/at \d{4}-\d\d-\d\dT[\d:.]+Z/, 'at …')).toBe(
      `refused  dashboards/_library/cpu.json: changed in Grafana (version 3 by …), which holds none of the file's committed versions, and in git by ${sha}: ` +
        'Grafana keeps no history of a library panel, so pull cannot tell whether that commit was applied before the change in Grafana ' +
        "(its creator and last saver are not these credentials, and no push of dashsync's is known to have carried that commit: dashsync's newest push on the dashboards using the panel " +
        `(dashboard node, at …) was made from commit ${pushedFrom}, which neither is that commit nor has it in its history. If it came from a pull or was applied since, taking Grafana's version loses nothing: git keeps the commit). ` +
        `To merge by hand, run: dashsync pull --force lp-cpu && git commit -m 'pull lp-cpu from Grafana' -- dashboards/_library/cpu.json && git diff ${await changeBase(dir, sha)} ${sha} -- dashboards/_library/cpu.json | git apply --3way && ` +
        `git commit -m 'lp-cpu: merge ${sha} with the pulled version' -- dashboards/_library/cpu.json (where git apply reports a conflict, keep each side's change where dashboards/_library/cpu.json marks it, one value per key (a key both sides changed: choose one value), then run the last git commit); ` +
        'to keep yours as it is: dashsync plan shows what apply would overwrite in Grafana',
    );
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);

    // The way out the line names: Grafana's version is written, and git keeps the commit replaced.
    const forced = await dashsync(handle, dir, ['pull', '--force', 'lp-cpu']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^updated +dashboards\/_library\/cpu\.json$/m);
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "from the UI"');
    expect(await git(dir, 'show', `${sha}:${FILE}`)).toContain('"title": "cpu (C)"');
  });

  // A change merged from a branch: its commit there is older than CI's push, but it reached the branch with the merge, after
  // the push; git's first-parent line gives the merge's time.
  it('refuses a change merged after CI pushed, though its commit on the branch is older than the push (12)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    await createPanelAs(handle, await handle.createToken('Editor'));
    const dir = await makeWorkDir();
    expect((await dashsync(handle, dir, ['pull'])).code).toBe(0);
    // Committer dates in order along the history, as git log reads them (each commit older than its children).
    await commitAll(dir, 'Import dashboards from Grafana', minutesAgo(20));
    await git(dir, 'checkout', '-q', '-b', 'pr');
    const mine = (await readFile(join(dir, FILE), 'utf8')).replace('"title": "cpu"', '"title": "cpu (PR)"');
    await writeFile(join(dir, FILE), mine);
    await commitAll(dir, 'pr: cpu title', minutesAgo(10));
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await git(dir, 'checkout', '-q', 'main');
    await commitNodeUsingPanel(dir);
    await applyAsCi(handle, dir, await handle.createToken('Admin'));
    await git(dir, 'merge', '-q', '--no-ff', '--no-edit', 'pr');
    await editInGrafana(handle, 'from the UI');

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(new RegExp(`^refused +dashboards/_library/cpu\\.json: .*in git by ${sha}: .*no push of dashsync's is known to have carried that commit`, 'm'));
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
  });

  // pull-48: the time rule's holes, closed by the commit CI's push names. Each was taken on main (exit 0, the committed change
  // replaced by Grafana's version), the commit being dated before CI's push.
  describe("by the commit CI's push was made from, not the clock", () => {
    /** The panel made in the UI and pulled; node, which uses it, committed 20 minutes ago: CI's clone is made from here. */
    async function panelPulledNodeCommitted(handle: SandboxHandle): Promise<string> {
      const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
      await commitNodeUsingPanel(dir, minutesAgo(20));
      return dir;
    }

    /** The panel's file changed and committed at `at`: the file's text and the commit's short sha. */
    async function commitPanelChange(dir: string, at: Date): Promise<{ mine: string; sha: string }> {
      const mine = (await readFile(join(dir, FILE), 'utf8')).replace('"title": "cpu"', '"title": "cpu (mine)"');
      await writeFile(join(dir, FILE), mine);
      await commitAll(dir, 'cpu (mine)', at);
      return { mine, sha: (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12) };
    }

    /** The one `refused` line for the panel's file, times and the UI's saver left out. */
    async function refusedLine(handle: SandboxHandle, dir: string): Promise<string> {
      const pulled = await dashsync(handle, dir, ['pull']);
      expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
      const refused = lines(pulled.stdout).find((line) => line.startsWith('refused  dashboards/_library/cpu.json')) ?? '';
      return refused.replace(/\(version (\d+) by [^)]+\)/, '(version $1 by …)').replace(/at \d{4}-\d\d-\d\dT[\d:.]+Z/, 'at …');
    }

    const outside = (sha: string, pushedFrom: string) =>
      `in git by ${sha}: Grafana keeps no history of a library panel, so pull cannot tell whether that commit was applied before the change in Grafana ` +
      "(its creator and last saver are not these credentials, and no push of dashsync's is known to have carried that commit: dashsync's newest push on the dashboards using the panel " +
      `(dashboard node, at …) was made from commit ${pushedFrom}, which neither is that commit nor has it in its history. ` +
      "If it came from a pull or was applied since, taking Grafana's version loses nothing: git keeps the commit). To merge by hand, run: dashsync pull --force lp-cpu && ";

    // A person commits a panel change; CI's clone, made before, lacks it and pushes node 4 minutes later.
    it.each(['12', '13'] as const)('refuses a commit that CI\'s clone did not have when it pushed, though the push came minutes after it (%s)', async (grafanaVersion) => {
      const handle = await startTestSandbox({ grafanaVersion });
      const dir = await panelPulledNodeCommitted(handle);
      const pushedFrom = (await git(dir, 'rev-parse', 'HEAD')).trim();
      const ciClone = await makeWorkDir();
      await git(ciClone, 'clone', '-q', dir, '.');
      const { mine, sha } = await commitPanelChange(dir, minutesAgo(4));
      await applyAsCi(handle, ciClone, await handle.createToken('Admin'));
      // apply's note names the commit (full) it pushed from, whatever the message template says.
      expect(await newestVersionMessage(handle, 'node')).toMatch(new RegExp(`^dashsync: ${pushedFrom.slice(0, 12)} add node \\[commit ${pushedFrom}\\] \\[content sha256:[0-9a-f]{16} (as|by) [^\\]]+\\]$`));
      await editInGrafana(handle, 'from the UI');

      expect(await refusedLine(handle, dir)).toContain(outside(sha, pushedFrom.slice(0, 12)));
      expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
    });

    // review-14 MEDIUM-2: the note named GITHUB_SHA, though HEAD's files were pushed and checked (a pull request's head checked
    // out, GITHUB_SHA its merge); and it named GITHUB_SHA outside any repository. It names HEAD, and nothing outside git.
    it('names HEAD, not a GITHUB_SHA the checkout is not at; outside a repository, no commit (12)', async () => {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const dir = await panelPulledNodeCommitted(handle);
      const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
      const other = (await git(dir, 'rev-parse', 'HEAD~1')).trim();
      const ci = await handle.createToken('Admin');
      const env = { GRAFANA_URL: handle.url, GRAFANA_TOKEN: ci, GITHUB_SHA: other };
      const applied = await runCliInProcess(['apply', '--auto-approve'], { cwd: dir, env });
      expect(applied.code, applied.stderr).toBe(0);
      const noted = await newestVersionMessage(handle, 'node');
      expect(noted).toContain(`[commit ${head}] [content `);
      expect(noted).not.toContain(`[commit ${other}]`);

      const copy = await makeWorkDir();
      await cp(join(dir, 'dashboards'), join(copy, 'dashboards'), { recursive: true });
      await writeFile(join(copy, 'dashboards/node.json'), text({ ...NODE_USING_PANEL, title: 'Node (artifact)' }));
      const outsideGit = await runCliInProcess(['apply', '--auto-approve'], { cwd: copy, env });
      expect(outsideGit.code, outsideGit.stderr).toBe(0);
      expect(await newestVersionMessage(handle, 'node')).toMatch(/^dashsync: [0-9a-f]{12} +\[content sha256:/);
    });

    // CI's clone made a commit of its own (a merge this clone has not fetched) and pushed from it.
    it('refuses it when this clone does not have the commit CI pushed from, and says so; --force takes Grafana\'s version', async () => {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const dir = await panelPulledNodeCommitted(handle);
      const ciClone = await makeWorkDir();
      await git(ciClone, 'clone', '-q', dir, '.');
      const { mine, sha } = await commitPanelChange(dir, minutesAgo(4));
      await commitAll(ciClone, 'CI merge');
      const pushedFrom = (await git(ciClone, 'rev-parse', 'HEAD')).trim().slice(0, 12);
      await applyAsCi(handle, ciClone, await handle.createToken('Admin'));
      await editInGrafana(handle, 'from the UI');

      expect(await refusedLine(handle, dir)).toContain(
        "no push of dashsync's is known to have carried that commit: dashsync's newest push on the dashboards using the panel " +
          `(dashboard node, at …) was made from commit ${pushedFrom}, which this clone does not have (made from another branch or clone), so it cannot be shown to hold that commit. `,
      );
      expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
      const forced = await dashsync(handle, dir, ['pull', '--force', 'lp-cpu']);
      expect(forced.code, forced.stdout + forced.stderr).toBe(0);
      expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "from the UI"');
      expect(await git(dir, 'show', `${sha}:${FILE}`)).toContain('"title": "cpu (mine)"');
    });

    // A branch's commit dated 10 minutes ago; CI pushes main now; main is fast-forwarded to the branch (no merge commit: the
    // first-parent line is the branch's own commit, dated before the push). Or a committer's clock 5 minutes behind.
    it.each([
      ['fast-forwarded after the push', true],
      ['made after the push by a clock 5 minutes behind', false],
    ] as const)('refuses a commit %s (12)', async (_case, fastForward) => {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const dir = await panelPulledNodeCommitted(handle);
      const pushedFrom = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
      const ci = await handle.createToken('Admin');
      let changed: { mine: string; sha: string };
      if (fastForward) {
        await git(dir, 'checkout', '-q', '-b', 'pr');
        changed = await commitPanelChange(dir, minutesAgo(10));
        await git(dir, 'checkout', '-q', 'main');
        await applyAsCi(handle, dir, ci);
        await git(dir, 'merge', '-q', '--ff-only', 'pr');
      } else {
        await applyAsCi(handle, dir, ci);
        changed = await commitPanelChange(dir, minutesAgo(5));
      }
      await editInGrafana(handle, 'from the UI');

      expect(await refusedLine(handle, dir)).toContain(outside(changed.sha, pushedFrom));
      expect(await readFile(join(dir, FILE), 'utf8')).toBe(changed.mine);
    });

    // The other way round: CI pushed from the very commit, seconds after it (the time rule's 30 s refused this).
    it('takes Grafana\'s version when CI pushed from the file\'s commit seconds after it: the clock is not asked (13)', async () => {
      const handle = await startTestSandbox({ grafanaVersion: '13' });
      const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
      const ci = await handle.createToken('Admin');
      // The pull's commit is dated by a clock a minute ahead of Grafana's: by time it would come after CI's push.
      const sha = await pullThenEditAgain(handle, dir, {
        committedAt: new Date(Date.now() + 60_000),
        between: async () => {
          await commitNodeUsingPanel(dir);
          await applyAsCi(handle, dir, ci);
        },
      });

      const pulled = await dashsync(handle, dir, ['pull']);

      expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
      expect(pulled.stdout).toMatch(takenOver(sha, 3));
      expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "second edit"');
    });

    // review-14 LOW-1: another environment's apply, from its own clone, pushes its own dashboards that use the panel (not the
    // panel: its file is not in that environment's selection). Its commit said whether this environment's file was carried:
    // refused on main (this clone lacks that commit), though production's own push holds the file's commit.
    it("judges it only by the pushes on dashboards this environment selects, not by another environment's newer push (12)", async () => {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const { dir } = await bootstrapFromGrafana(handle, (token) => createPanelAs(handle, token));
      const environments = { environments: { production: { include: ['prod/**', '_library/**'] }, staging: { include: ['staging/**'] } } };
      await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify(environments));
      await mkdir(join(dir, 'dashboards/prod'));
      await writeFile(join(dir, 'dashboards/prod/node.json'), text(NODE_USING_PANEL));
      await commitAll(dir, 'production: node');
      const stagingClone = await makeWorkDir();
      await git(stagingClone, 'clone', '-q', dir, '.');
      const ci = await handle.createToken('Admin');

      await editInGrafana(handle, 'first edit');
      const first = await dashsync(handle, dir, ['pull', '--env', 'production']);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      await commitAll(dir, 'pull');
      await forgetPulls(dir);
      const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
      await applyAsCi(handle, dir, ci, ['--env', 'production']);
      await mkdir(join(stagingClone, 'dashboards/staging'));
      await writeFile(join(stagingClone, 'dashboards/staging/web.json'), text({ ...NODE_USING_PANEL, uid: 'web', title: 'Web' }));
      await commitAll(stagingClone, 'staging: web');
      await applyAsCi(handle, stagingClone, ci, ['--env', 'staging']);
      await editInGrafana(handle, 'second edit');

      const pulled = await dashsync(handle, dir, ['pull', '--env', 'production']);

      expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
      expect(pulled.stdout).toMatch(takenOver(sha, 3));
      expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "second edit"');
    });

    // stop 48 §14 left: `notedCommit` did not check the saver. CI's push named its service account by internal id (the display
    // list, which maps it to the uid histories record, was not answered then: a proxy in front of /apis/iam.grafana.app), which
    // the history's saver cannot be compared with as written. A person's save in the UI whose message is a copy of such a note,
    // naming a commit that holds the file's, counted as dashsync's push from that commit, and Grafana's version replaced the
    // committed change (exit 0 on main): the display list, answering now, says the saver is not the one the note names.
    it("refuses it when the newest save on node is a person's, its message a copied note naming a commit that holds the file's (12)", async () => {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const { dir, mine, sha, pushedFrom } = await copiedNoteOverCiPush(handle);

      expect(await refusedLine(handle, dir)).toContain(outside(sha, pushedFrom.slice(0, 12)));
      expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
    });

    // review-15 M-1: where Grafana cannot tell the copy's saver (the display list not answered during the pull), the copy
    // still counted as dashsync's push from the commit it names, and Grafana's version replaced the committed change (exit 0
    // on main). Such a note counts without its commit or time: refused, saying that push's saver could not be confirmed.
    it("refuses it too when Grafana cannot check that copied note's saver, saying the push's saver could not be confirmed (12)", async () => {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const { dir, mine, sha } = await copiedNoteOverCiPush(handle);
      handle.setFaults({ pathPrefix: '/apis/iam.grafana.app/', errorRate: 1, errorStatus: 404 });

      expect(await refusedLine(handle, dir)).toContain(
        `in git by ${sha}: Grafana keeps no history of a library panel, so pull cannot tell whether that commit was applied before the change in Grafana ` +
          "(its creator and last saver are not these credentials, and no push of dashsync's is known to have carried that commit: the saver of dashsync's newest push " +
          'on the dashboards using the panel (dashboard node, at …) could not be confirmed: Grafana did not confirm that the identity its note names saved it ' +
          "(a service account renamed since, a note copied into someone else's save, or a saver Grafana would not name to these credentials), so neither the commit " +
          "it names nor its time shows what was applied. If it came from a pull or was applied since, taking Grafana's version loses nothing: git keeps the commit). " +
          'To merge by hand, run: dashsync pull --force lp-cpu && ',
      );
      expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
    });

    // review-15 M-2: CI pushed through `/api` (its note names the service account by name), and the account was renamed
    // since: Grafana names it by its new name, so main read every push as another saver's, found none, and took Grafana's
    // version (exit 0). The newest counts as an unconfirmed push: the file is refused.
    it("refuses it after CI's service account was renamed since its push through /api (12)", async () => {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const dir = await panelPulledNodeCommitted(handle);
      const account = (await apiRequest(handle, 'POST', '/api/serviceaccounts', { name: 'dashsync CI', role: 'Admin' })).body;
      const ci = (await apiRequest(handle, 'POST', `/api/serviceaccounts/${account.id}/tokens`, { name: 'ci' })).body.key as string;
      await applyAsCi(handle, dir, ci, ['--api', 'legacy']);
      expect(await newestVersionMessage(handle, 'node')).toMatch(/ as dashsync%20CI\]$/);
      const { mine, sha } = await commitPanelChange(dir, minutesAgo(4));
      expect((await apiRequest(handle, 'PATCH', `/api/serviceaccounts/${account.id}`, { name: 'dashsync deploy' })).status).toBe(200);
      await editInGrafana(handle, 'from the UI');

      const refused = await refusedLine(handle, dir);

      expect(refused).toContain(`in git by ${sha}: `);
      expect(refused).toContain("dashboard node, which uses it, holds a push of dashsync's by an identity pull could not compare with them");
      expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
    });

    /**
     * CI pushes node naming its service account by internal id (the display list not answered then), the panel's file is
     * changed and committed 4 minutes ago, a person saves node with CI's note copied, naming that commit, and the panel is
     * changed in the UI.
     */
    async function copiedNoteOverCiPush(handle: SandboxHandle): Promise<{ dir: string; mine: string; sha: string; pushedFrom: string }> {
      const dir = await panelPulledNodeCommitted(handle);
      const pushedFrom = (await git(dir, 'rev-parse', 'HEAD')).trim();
      handle.setFaults({ pathPrefix: '/apis/iam.grafana.app/', errorRate: 1, errorStatus: 404 });
      await applyAsCi(handle, dir, await handle.createToken('Admin'));
      handle.setFaults(undefined);
      expect(await newestVersionMessage(handle, 'node')).toMatch(/ by \d+\]$/);
      const { mine, sha } = await commitPanelChange(dir, minutesAgo(4));
      const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
      const copied = (await newestVersionMessage(handle, 'node')).replace(`[commit ${pushedFrom}]`, `[commit ${head}]`);
      expect(copied).toContain(`[commit ${head}] [content `);
      const saved = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'node', spec: { description: 'by a person' }, message: copied }) });
      expect(saved.status, await saved.text()).toBe(200);
      await editInGrafana(handle, 'from the UI');
      return { dir, mine, sha, pushedFrom };
    }
  });

  it("refuses it when Grafana will not map the push's uid to a user id, and says so", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, sha } = await ciAppliesPeopleEditPanel(handle);
    const mine = await readFile(join(dir, FILE), 'utf8');
    handle.setFaults({ pathPrefix: '/apis/iam.grafana.app/', errorRate: 1, errorStatus: 404 });

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(lines(pulled.stdout).find((line) => line.startsWith('refused'))).toMatch(
      new RegExp(
        `^refused +dashboards/_library/cpu\\.json: changed in Grafana \\(version 3 by [^)]+\\), which holds none of the file's committed versions, and in git by ${sha}: .*` +
          "\\(its creator and last saver are not these credentials, and dashboard node, which uses it, holds a push of dashsync's by an identity pull could not compare with them: " +
          'Grafana did not map the uid the push records to a user id for these credentials \\(GET /apis/iam\\.grafana\\.app/…/display\\)\\)\\. To merge by hand, run: dashsync pull --force lp-cpu && ',
      ),
    );
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
  });

  // stop 45 §11.2: the "could not be read" branch had no test.
  it('refuses it when a dashboard using the panel cannot be read to tell', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, sha } = await ciAppliesPeopleEditPanel(handle);
    const mine = await readFile(join(dir, FILE), 'utf8');
    handle.setFaults({ pathPrefix: NODE_PATH, methods: ['GET'], errorRate: 1, errorStatus: 403 });

    const pulled = await dashsync(handle, dir, ['pull', 'lp-cpu']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(handle.requests().some((entry) => entry.path === NODE_PATH && entry.status === 403)).toBe(true);
    const refused = lines(pulled.stdout).find((line) => line.startsWith('refused')) ?? '';
    expect(refused.replace(/\(version 3 by [^)]+\)/, '(version 3 by …)')).toBe(
      `refused  dashboards/_library/cpu.json: changed in Grafana (version 3 by …), which holds none of the file's committed versions, and in git by ${sha}: ` +
        'Grafana keeps no history of a library panel, so pull cannot tell whether that commit was applied before the change in Grafana ' +
        '(its creator and last saver are not these credentials, but the dashboards using it could not be read to tell whether dashsync applies here with credentials that saved it). ' +
        `To merge by hand, run: dashsync pull --force lp-cpu && git commit -m 'pull lp-cpu from Grafana' -- dashboards/_library/cpu.json && git diff ${await changeBase(dir, sha)} ${sha} -- dashboards/_library/cpu.json | git apply --3way && ` +
        `git commit -m 'lp-cpu: merge ${sha} with the pulled version' -- dashboards/_library/cpu.json (where git apply reports a conflict, keep each side's change where dashboards/_library/cpu.json marks it, one value per key (a key both sides changed: choose one value), then run the last git commit); ` +
        'to keep yours as it is: dashsync plan shows what apply would overwrite in Grafana',
    );
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(mine);
  });
});

/** Where pull reads dashboard node through `/apis` on Grafana 12. */
const NODE_PATH = '/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/node';

/** The `updated` line of a `_library/` file Grafana's version replaced because dashsync never saved the panel. */
function takenOver(sha: string, version = 2): RegExp {
  return new RegExp(
    `^updated +dashboards/_library/cpu\\.json: changed in Grafana \\(version ${version} by sa-[^)]+\\), which shows no save of it by dashsync \\(neither its creator nor its last saver is the credentials this pull runs with, or an identity that pushed a dashboard using it for dashsync\\): ` +
      `Grafana's version is taken over the file as commit ${sha} left it \\(git diff shows what changed; that commit keeps the text replaced\\)$`,
    'm',
  );
}

describe('pull of a library panel changed on both sides: the hand merge it prints', () => {
  // walk-70 M4: the recipe was `git checkout -p <commit>`, which offers Grafana's own edit as "your line" too: answered y as worded,
  // it undid that edit. It now applies the commit's own change over Grafana's version, and pasted as printed keeps both.
  it.each(['12', '13'] as const)("its hand merge, pasted as printed, keeps both the commit's change and Grafana's edit (%s)", async (grafanaVersion) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
    const options = { colorMode: 'background', graphMode: 'area', justifyMode: 'auto', orientation: 'auto', textMode: 'auto' };
    const model = { type: 'stat', title: 'cpu', description: '', options };
    // As pull writes the file (canonicalJson): the patch meets the pulled file line for line.
    await writeFile(join(dir, FILE), canonicalJson({ uid: 'lp-cpu', name: 'CPU', kind: 1, model }));
    await writeFile(join(dir, 'dashboards/node.json'), text(NODE_USING_PANEL));
    await commitAll(dir, 'add');
    for (const [key, value] of [['user.name', 'Pasting user'], ['user.email', 'user@dashsync.invalid'], ['commit.gpgsign', 'false']]) await git(dir, 'config', key!, value!);
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const { sha } = await commitChange(dir, FILE, '"title": "cpu"', '"title": "cpu (PR)"');
    // Someone changes another line of the panel in Grafana (its color mode), before the commit is applied.
    const live = await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu');
    const patched = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.body.result.version, model: { ...model, options: { ...options, colorMode: 'value' } } }, bearerHeaders(await handle.createToken('Editor')));
    expect(patched.status, patched.text).toBe(200);

    const refused = await pasteInShell(handle, dir, 'dashsync pull lp-cpu');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const line = lines(refused.stdout).find((each) => each.startsWith('refused')) ?? '';
    const steps = /To merge by hand, run: (.*?) \(where git apply reports a conflict/.exec(line)?.[1];
    expect(steps, line).toBe(
      `dashsync pull --force lp-cpu && git commit -m 'pull lp-cpu from Grafana' -- ${FILE} && git diff ${await changeBase(dir, sha)} ${sha} -- ${FILE} | git apply --3way && ` +
        `git commit -m 'lp-cpu: merge ${sha} with the pulled version' -- ${FILE}`,
    );

    const merged = await pasteInShell(handle, dir, steps!);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, FILE), 'utf8')).model).toMatchObject({ title: 'cpu (PR)', options: { colorMode: 'value' } });
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    // The plan then pushes the commit's change alone: Grafana's edit is in the file.
    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('"cpu" → "cpu (PR)"');
    expect(planned.stdout).not.toContain('colorMode');
  });
});
