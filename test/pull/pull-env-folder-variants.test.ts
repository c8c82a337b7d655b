import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, editorToken, startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess, type CliResult } from '../helpers/run-cli.js';
import { commitAll, createFolder, createLibraryPanel, git, libraryPanelRef, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

const onCall = { uid: 'oncall', title: 'On-call', schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'Pages', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] };

/**
 * docs/environments.md's folder per environment: staging keeps the on-call dashboard in folder "SRE" (dashboards/sre/), prod
 * in folder "Ops" (dashboards/prod-ops/, its own _folder.json); each environment excludes the other's directory, and the
 * dashboard is one file in each (same uid). Bootstrapped from staging, the prod layout committed and applied to prod.
 * `changeCopies`: each copy into prod's directory is changed in the same commit (its document passed, changed in place).
 */
async function folderPerEnvironment(withPanel = false, changeCopies?: (document: Record<string, unknown>) => void, grafanaVersion: '12' | '11.2' = '12') {
  const copy = async (from: string, to: string) => {
    if (changeCopies === undefined) return cp(from, to);
    const document = JSON.parse(await readFile(from, 'utf8'));
    changeCopies(document);
    await writeFile(to, `${JSON.stringify(document, null, 2)}\n`);
  };
  const staging = await startTestSandbox({ grafanaVersion });
  const prod = await startTestSandbox({ grafanaVersion });
  for (const handle of [staging, prod]) {
    await createFolder(handle, { uid: 'sre', title: 'SRE' });
    if (withPanel) await createLibraryPanel(handle, 'lp-pages', 'sre');
    await saveDashboard(handle, withPanel ? { ...onCall, panels: [libraryPanelRef(1, 'lp-pages')] } : onCall, 'sre');
  }
  await saveDashboard(staging, { uid: 'latency', title: 'Latency', schemaVersion: 39, panels: [] }, 'sre');
  const work = await makeWorkDir();
  const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
  const config = { environments: { staging: { url: staging.url, exclude: ['prod-ops/**'] }, prod: { url: prod.url, exclude: ['sre/**'] } } };
  await writeFile(join(work, 'dashsync.config.json'), JSON.stringify(config, null, 2));
  expect((await cli(['pull', '--env', 'staging'])).code).toBe(0);
  await mkdir(join(work, 'dashboards/prod-ops'));
  await copy(join(work, 'dashboards/sre/on-call.json'), join(work, 'dashboards/prod-ops/on-call.json'));
  if (withPanel) {
    const panel = await libraryFileOf(work, 'dashboards/sre/_library', 'lp-pages');
    await mkdir(join(work, 'dashboards/prod-ops/_library'));
    await copy(join(work, panel), join(work, panel.replace('dashboards/sre/', 'dashboards/prod-ops/')));
  }
  await writeFile(join(work, 'dashboards/prod-ops/_folder.json'), `${JSON.stringify({ uid: 'ops', title: 'Ops' }, null, 2)}\n`);
  await commitAll(work, 'prod: on-call in folder Ops');
  return { staging, prod, work, cli };
}

/** The `_library/` file in `dir` (relative to `work`) that holds `uid` (the only one there when none is named). */
async function libraryFileOf(work: string, dir: string, uid?: string): Promise<string> {
  for (const name of (await readdir(join(work, dir))).sort()) {
    if (uid === undefined || JSON.parse(await readFile(join(work, dir, name), 'utf8')).uid === uid) return `${dir}/${name}`;
  }
  throw new Error(`no library panel ${uid ?? ''} in ${dir}`);
}

describe('pull with a folder per environment (one dashboard, a file in each environment directory)', () => {
  it('warns no uid-duplicate about the two variants, as check does not; a duplicate one environment deploys still warns', async () => {
    const { work, cli } = await folderPerEnvironment();
    expect((await cli(['check'])).code).toBe(0);

    for (const env of ['staging', 'prod']) {
      const pulled = await cli(['pull', '--env', env, '--dry-run']);
      expect(`${pulled.stdout}${pulled.stderr}`).not.toContain('uid-duplicate');
      expect(pulled.code).toBe(0);
    }

    // A copy inside prod's own directory is a real clash, for prod's pull as for check.
    await cp(join(work, 'dashboards/prod-ops/on-call.json'), join(work, 'dashboards/prod-ops/on-call-copy.json'));
    const pulled = await cli(['pull', '--env', 'prod', '--dry-run']);
    expect(lines(`${pulled.stdout}${pulled.stderr}`).filter((line) => line.endsWith('(uid-duplicate)')).map((line) => line.split(':')[0])).toEqual([
      'dashboards/prod-ops/on-call-copy.json',
      'dashboards/prod-ops/on-call.json',
    ]);
  });

  it("nothing moved in Grafana is no drift; an edit made in prod's UI with a move into staging's folder is pulled into prod's file, which keeps its place, and the next apply no one reviews moves it back", async () => {
    const { prod, work, cli } = await folderPerEnvironment();
    const leftOut = 'folder "SRE", whose directory dashboards/sre environment "prod"\'s exclude in dashsync.config.json leaves out';
    const decides = 'its folder in Grafana is that of dashboards/sre, which environment "prod"\'s exclude in dashsync.config.json leaves out: the file\'s directory decides its folder';
    // Nothing moved in Grafana: the move is git's (prod's own directory), whose commit holds the live content. No drift, no
    // pull advised that would not follow it, no _folder.json to "add" that exists; the move's line says why it moves.
    const planned = await cli(['plan', '--env', 'prod']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(lines(planned.stdout).filter((line) => line.startsWith('  ! ') || line.includes('looks like'))).toEqual([]);
    expect(lines(planned.stdout).find((line) => line.includes('dashboards/prod-ops/on-call.json'))).toContain(`; ${decides}`);
    // So the apply no one reviews makes it.
    const first = await cli(['apply', '--env', 'prod', '--auto-approve']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall')).body.meta.folderUid).toBe('ops');
    // Someone moves it back into SRE in prod's UI and edits it.
    const live = await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall');
    const moved = await apiRequest(prod, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, description: 'runbook link added in the UI' }, folderUid: 'sre', overwrite: false });
    expect(moved.status, moved.text).toBe(200);
    // The plan says where Grafana has it and what applying does.
    const edited = await cli(['plan', '--env', 'prod']);
    const drift = lines(edited.stdout).filter((line) => line.startsWith('  ! '));
    expect(drift).toEqual([expect.stringMatching(/^ {2}! drift: oncall "On-call" was last saved in Grafana by admin .*, not by dashsync; Grafana has it in folder "SRE", /)]);
    expect(drift[0]).toContain(`Grafana has it in ${leftOut}, and applying puts it in the folder of the file's directory (a pull takes the change into the file, which keeps its place); applying replaces that version`);
    // The apply no one reviews keeps it, and says the pull that takes the edit (the folder is not the tree's to follow).
    const applied = await cli(['apply', '--env', 'prod', '--auto-approve']);
    const conflict = lines(applied.stdout + applied.stderr).find((line) => line.startsWith('conflict: '));
    expect(conflict).toContain(
      "To keep the edit: dashsync pull --env prod oncall takes it into dashboards/prod-ops/on-call.json, which keeps its place: Grafana has it in folder \"SRE\" (sre), " +
        "whose directory dashboards/sre environment \"prod\"'s exclude in dashsync.config.json leaves out, and the next apply moves it back to the folder of the file's directory; to overwrite it: ",
    );
    expect(conflict).not.toContain('no directory of this tree holds');

    const pulled = await cli(['pull', '--env', 'prod', 'oncall']);

    expect(lines(pulled.stdout)).toEqual([
      `dashsync pull for environment prod: ${prod.url}`,
      expect.stringMatching(/^updated {2}dashboards\/prod-ops\/on-call\.json/),
      'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted.',
    ]);
    expect(lines(pulled.stderr)).toEqual([
      'note: oncall "On-call" is in folder "SRE" (sre) in Grafana, whose directory dashboards/sre is not this run\'s (a file there is excluded by environment "prod"\'s exclude in dashsync.config.json): ' +
        "not moved; dashboards/prod-ops/on-call.json keeps its place and takes Grafana's content, and the next apply puts the dashboard back in the folder of that file's directory",
    ]);
    expect(pulled.code).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'dashboards/prod-ops/on-call.json'), 'utf8')).description).toBe('runbook link added in the UI');
    // Staging's directory is left alone.
    expect(await git(work, 'status', '--porcelain')).toBe(' M dashboards/prod-ops/on-call.json\n');

    // Not committed yet, the plan says the file holds Grafana's content and applying changes only its folder, and the apply no
    // one reviews does what the pull's note said: the file's directory decides the folder.
    const after = await cli(['plan', '--env', 'prod']);
    expect(lines(after.stdout).filter((line) => line.startsWith('  ! '))).toEqual([
      expect.stringContaining(`the file holds the same content, so applying changes only its folder: Grafana has it in ${leftOut}, and applying puts it in the folder of the file's directory`),
    ]);
    const back = await cli(['apply', '--env', 'prod', '--auto-approve']);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(back.stdout + back.stderr).not.toContain('conflict:');
    const home = await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall');
    expect([home.body.meta.folderUid, home.body.dashboard.description]).toEqual(['ops', 'runbook link added in the UI']);
    await commitAll(work, 'pull: the runbook link');

    // Pulled and committed before the apply: git holds the edit, and the move back is no drift either.
    const edit = (await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall')).body.dashboard;
    expect((await apiRequest(prod, 'POST', '/api/dashboards/db', { dashboard: { ...edit, description: 'runbook v2' }, folderUid: 'sre', overwrite: false })).status).toBe(200);
    expect((await cli(['pull', '--env', 'prod', 'oncall'])).code).toBe(0);
    await commitAll(work, 'pull: runbook v2');
    const committed = await cli(['plan', '--env', 'prod']);
    expect(lines(committed.stdout).filter((line) => line.startsWith('  ! '))).toEqual([]);
    expect(committed.stdout).toContain('edit in git: oncall "On-call": the live edit (version');
    const again = await cli(['apply', '--env', 'prod', '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall')).body.meta.folderUid).toBe('ops');

    // A move alone in prod's UI (no edit, nothing pulled): the file's directory decides, so the apply no one reviews moves it back.
    const same = await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall');
    expect((await apiRequest(prod, 'POST', '/api/dashboards/db', { dashboard: same.body.dashboard, folderUid: 'sre', overwrite: false })).status).toBe(200);
    const undone = await cli(['apply', '--env', 'prod', '--auto-approve']);
    expect(undone.code, undone.stdout + undone.stderr).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall')).body.meta.folderUid).toBe('ops');
  });

  it("a library panel there alike: a move out of staging's folder is no drift; an edit made in prod's UI with a move there is pulled into prod's _library/ file, which keeps its place", async () => {
    const { staging, prod, work, cli } = await folderPerEnvironment(true);
    const panelFile = await libraryFileOf(work, 'dashboards/prod-ops/_library');
    const decides = 'its folder in Grafana is that of dashboards/sre, which environment "prod"\'s exclude in dashsync.config.json leaves out: the file\'s directory decides its folder';
    const planned = await cli(['plan', '--env', 'prod']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(lines(planned.stdout).filter((line) => line.startsWith('  ! '))).toEqual([]);
    expect(lines(planned.stdout).find((line) => line.includes(panelFile))).toContain(`; ${decides}`);
    // The markdown plan (a pull request's comment) and the JSON plan say it too.
    const markdown = await cli(['plan', '--env', 'prod', '--format', 'markdown']);
    expect(lines(markdown.stdout).filter((line) => line.includes('its folder in Grafana is that of'))).toEqual([
      expect.stringContaining(`\`${panelFile}\` (its folder in Grafana is that of \`dashboards/sre\`, which environment "prod"'s exclude in dashsync.config.json leaves out: the file's directory decides its folder)`),
      expect.stringContaining('`dashboards/prod-ops/on-call.json` (its folder in Grafana is that of `dashboards/sre`'),
    ]);
    const json = JSON.parse((await cli(['plan', '--env', 'prod', '--format', 'json'])).stdout);
    const leftOutJson = { dir: 'dashboards/sre', lists: 'environment "prod"\'s exclude in dashsync.config.json', folderTitle: 'SRE' };
    expect([json.dashboards.find((d: { uid: string }) => d.uid === 'oncall').liveDirectoryLeftOut, json.libraryPanels[0].liveDirectoryLeftOut]).toEqual([leftOutJson, leftOutJson]);
    expect((await cli(['apply', '--env', 'prod', '--auto-approve'])).code).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/library-elements/lp-pages')).body.result.folderUid).toBe('ops');
    expect((await apiRequest(staging, 'GET', '/api/library-elements/lp-pages')).body.result.folderUid).toBe('sre');
    // Someone else (a library panel's change is dashsync's by who made it) moves it back into SRE in prod's UI and edits it.
    const live = (await apiRequest(prod, 'GET', '/api/library-elements/lp-pages')).body.result;
    const someone = bearerHeaders(await editorToken(prod));
    const patched = await apiRequest(prod, 'PATCH', '/api/library-elements/lp-pages', { name: live.name, kind: 1, folderUid: 'sre', version: live.version, model: { ...live.model, description: 'pages per hour' } }, someone);
    expect(patched.status, patched.text).toBe(200);
    const edited = await cli(['plan', '--env', 'prod']);
    expect(lines(edited.stdout).filter((line) => line.startsWith('  ! '))).toEqual([
      expect.stringContaining(
        'not by dashsync; Grafana has it in folder "SRE", whose directory dashboards/sre environment "prod"\'s exclude in dashsync.config.json leaves out, and applying puts it in the folder of the file\'s directory (a pull takes the change into the file, which keeps its place)',
      ),
    ]);
    const applied = await cli(['apply', '--env', 'prod', '--auto-approve']);
    const conflict = lines(applied.stdout + applied.stderr).find((line) => line.startsWith('conflict: '));
    expect(conflict).toContain(`To keep the edit: dashsync pull --env prod lp-pages takes it into ${panelFile}, which keeps its place: Grafana has it in folder "SRE" (sre), whose directory dashboards/sre`);

    const pulled = await cli(['pull', '--env', 'prod', 'lp-pages']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stderr)).toEqual([
      'note: library panel lp-pages "Panel lp-pages" is in folder "SRE" (sre) in Grafana, whose directory dashboards/sre is not this run\'s (a file there is excluded by environment "prod"\'s exclude in dashsync.config.json): ' +
        `not moved; ${panelFile} keeps its place and takes Grafana's content, and the next apply puts the panel back in the folder of the directory holding that file's _library/`,
    ]);
    expect(JSON.parse(await readFile(join(work, panelFile), 'utf8')).model.description).toBe('pages per hour');
    expect(await git(work, 'status', '--porcelain')).toBe(` M ${panelFile}\n`);
    await commitAll(work, 'pull: the panel description');
    const back = await cli(['apply', '--env', 'prod', '--auto-approve']);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    const home = (await apiRequest(prod, 'GET', '/api/library-elements/lp-pages')).body.result;
    expect([home.folderUid, home.model.description]).toEqual(['ops', 'pages per hour']);
  });

  it("a copy into prod's directory changed in the same commit began as staging's variant, whose content git holds: no drift (a note says so), and the apply no one reviews makes it; an edit made in prod's UI since is drift", async () => {
    // The dashboard and the panel copied into prod's directory with a change: prod's description of each.
    const { prod, work, cli } = await folderPerEnvironment(true, (document) => {
      const model = (document.model ?? document) as Record<string, unknown>;
      model.description = 'paged in prod';
    });
    // Someone else saves prod's panel unchanged (a library panel's change is dashsync's by who made it): its drift is judged too.
    const someone = bearerHeaders(await editorToken(prod));
    const saveAsSomeone = async (model: Record<string, unknown>) => {
      const live = (await apiRequest(prod, 'GET', '/api/library-elements/lp-pages')).body.result;
      const patched = await apiRequest(prod, 'PATCH', '/api/library-elements/lp-pages', { name: live.name, kind: 1, folderUid: live.folderUid, version: live.version, model: { ...live.model, ...model } }, someone);
      expect(patched.status, patched.text).toBe(200);
    };
    await saveAsSomeone({});

    const planned = await cli(['plan', '--env', 'prod']);

    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout).filter((line) => line.startsWith('  ! '))).toEqual([]);
    expect(planned.stdout).toContain(
      'edit in git: oncall "On-call": the live version (version 1 by admin) is what dashboards/sre/on-call.json (a file this run leaves out, holding the same uid) holds in commit ',
    );
    expect(planned.stdout).toContain("of this branch, and the changes listed are this file's own, made on a copy of it");
    const applied = await cli(['apply', '--env', 'prod', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toContain('conflict:');
    const home = await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall');
    expect([home.body.meta.folderUid, home.body.dashboard.description]).toEqual(['ops', 'paged in prod']);
    const panel = (await apiRequest(prod, 'GET', '/api/library-elements/lp-pages')).body.result;
    expect([panel.folderUid, panel.model.description]).toEqual(['ops', 'paged in prod']);

    // What no committed file holds is an edit made in Grafana, as ever: drift.
    await saveAsSomeone({ description: 'edited in the UI' });
    const drift = await cli(['plan', '--env', 'prod']);
    expect(lines(drift.stdout).filter((line) => line.startsWith('  ! '))).toEqual([expect.stringContaining('lp-pages')]);
  });

  // stop 73 §8.3: the plan's variant rule at pull. Not applied yet, the copy changed in git is prod's own change: Grafana
  // holds staging's variant as committed, so pull keeps prod's files (it took Grafana's version over them, the copy's change
  // left to git), and says what the plan says of it.
  it("pull --env prod keeps a copy into prod's directory changed in the same commit, not applied yet (Grafana holds staging's variant), dashboard and library panel alike; the apply then makes it", async () => {
    const { prod, work, cli } = await folderPerEnvironment(true, (document) => {
      const model = (document.model ?? document) as Record<string, unknown>;
      model.description = 'paged in prod';
    });
    // Someone else saves prod's panel unchanged (a panel's saver is judged by login: admin is dashsync's own here).
    const live = (await apiRequest(prod, 'GET', '/api/library-elements/lp-pages')).body.result;
    const patched = await apiRequest(prod, 'PATCH', '/api/library-elements/lp-pages', { name: live.name, kind: 1, folderUid: live.folderUid, version: live.version, model: live.model }, bearerHeaders(await editorToken(prod)));
    expect(patched.status, patched.text).toBe(200);
    const sha = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const panelFile = await libraryFileOf(work, 'dashboards/prod-ops/_library', 'lp-pages');
    const variantPanel = panelFile.replace('dashboards/prod-ops/', 'dashboards/sre/');

    const pulled = await cli(['pull', '--env', 'prod']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const out = lines(pulled.stdout);
    const copy = (file: string, variant: string) =>
      `${file}: committed in ${sha} and not applied yet: Grafana still has what ${variant} (a file this run leaves out, holding the same uid) holds in commit ${sha} (`;
    expect(out.find((line) => line.includes('dashboards/prod-ops/on-call.json')), pulled.stdout).toContain(copy('dashboards/prod-ops/on-call.json', 'dashboards/sre/on-call.json'));
    expect(out.find((line) => line.includes(panelFile)), pulled.stdout).toContain(copy(panelFile, variantPanel));
    expect(out.filter((line) => line.startsWith('kept')).every((line) => line.includes("and this file's changes are its own, made on a copy of it; dashsync plan --env prod shows the change, dashsync apply --env prod pushes it"))).toBe(true);
    // Grafana's folder is staging's: the files keep their place, and (left as they are) their own content.
    expect(lines(pulled.stderr)).toEqual([
      expect.stringMatching(/^note: oncall "On-call" is in folder "SRE" \(sre\) in Grafana, .*: not moved; dashboards\/prod-ops\/on-call\.json keeps its place and its own content \(its line says why\), and the next apply puts the dashboard back/),
      expect.stringMatching(/^note: library panel lp-pages .*: not moved; dashboards\/prod-ops\/_library\/.* keeps its place and its own content \(its line says why\), and the next apply puts the panel back/),
    ]);
    expect(await git(work, 'status', '--porcelain')).toBe('');
    expect(JSON.parse(await readFile(join(work, 'dashboards/prod-ops/on-call.json'), 'utf8')).description).toBe('paged in prod');

    const applied = await cli(['apply', '--env', 'prod', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall')).body.dashboard.description).toBe('paged in prod');
    expect((await apiRequest(prod, 'GET', '/api/library-elements/lp-pages')).body.result.model.description).toBe('paged in prod');
  });

  // stop 73 §8.3: the plan's variant rule at apply. A Viewer's plan through /api (11.2) cannot read the history, so it marks
  // the update "drift not checked"; the apply's token reads it, and the copy changed in git is no edit made in Grafana.
  it("an apply of a Viewer's plan (drift not checked) takes a copy into prod's directory changed in the same commit as the plan would have: no conflict, the update is made; an edit made in prod's UI is still held", async () => {
    const { prod, work, cli } = await folderPerEnvironment(false, (document) => {
      document.description = 'paged in prod';
    }, '11.2');
    const viewer = { GRAFANA_TOKEN: await prod.createToken('Viewer'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const editor = { GRAFANA_TOKEN: await prod.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const withToken = (args: string[], env: Record<string, string | undefined>) => runCliInProcess(args, { cwd: work, env });

    const planned = await withToken(['plan', '--env', 'prod', '--out', 'plan.json'], viewer);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/^  ! drift not checked for 1 dashboard \(oncall\): /m);

    const applied = await withToken(['apply', '--env', 'prod', 'plan.json'], editor);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toContain('conflict:');
    const home = await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall');
    expect([home.body.meta.folderUid, home.body.dashboard.description]).toEqual(['ops', 'paged in prod']);

    // What no committed file holds is still an edit made in Grafana: held at apply.
    await saveDashboard(prod, { ...home.body.dashboard, description: 'edited in the UI' }, 'ops');
    await writeFile(join(work, 'dashboards/prod-ops/on-call.json'), `${JSON.stringify({ ...JSON.parse(await readFile(join(work, 'dashboards/prod-ops/on-call.json'), 'utf8')), tags: ['prod'] }, null, 2)}\n`);
    await commitAll(work, 'prod: tags');
    expect((await withToken(['plan', '--env', 'prod', '--out', 'plan.json'], viewer)).code).toBe(0);
    const held = await withToken(['apply', '--env', 'prod', 'plan.json'], editor);
    expect(held.code).toBe(1);
    expect(held.stderr).toContain('conflict: oncall "On-call" (dashboards/prod-ops/on-call.json) was last saved in Grafana by admin, not by dashsync');
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/oncall')).body.dashboard.description).toBe('edited in the UI');
  });

  it('pull --prune keeps a file whose uid only another environment\'s directory holds (created there, not applied here yet), and where "Recently deleted" cannot be read says so on the lines it deletes (Grafana 12, legacy storage)', async () => {
    const { staging, prod, work, cli } = await folderPerEnvironment(true);
    expect((await cli(['apply', '--env', 'prod', '--auto-approve'])).code).toBe(0);
    // Made in staging's UI with a library panel of its own, pulled there, then promoted: copied into prod's directory.
    await createLibraryPanel(staging, 'lp-canary', 'sre');
    await saveDashboard(staging, { uid: 'canary', title: 'Canary', schemaVersion: 39, panels: [libraryPanelRef(1, 'lp-canary')] }, 'sre');
    expect((await cli(['pull', '--env', 'staging'])).code).toBe(0);
    await cp(join(work, 'dashboards/sre/canary.json'), join(work, 'dashboards/prod-ops/canary.json'));
    const canaryPanel = (await libraryFileOf(work, 'dashboards/sre/_library', 'lp-canary')).replace('dashboards/sre/', 'dashboards/prod-ops/');
    await cp(join(work, canaryPanel.replace('dashboards/prod-ops/', 'dashboards/sre/')), join(work, canaryPanel));
    // And one made in prod, pulled, then deleted in prod's UI (legacy storage deletes for good).
    await saveDashboard(prod, { uid: 'gone', title: 'Gone', schemaVersion: 39, panels: [] }, 'ops');
    expect((await cli(['pull', '--env', 'prod', 'gone'])).code).toBe(0);
    await commitAll(work, 'canary promoted to prod; gone pulled');
    const sha = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    expect((await apiRequest(prod, 'DELETE', '/api/dashboards/uid/gone')).status).toBe(200);

    const pulled = await cli(['pull', '--env', 'prod', '--prune']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const out = lines(pulled.stdout);
    const trash = 'this Grafana keeps no "Recently deleted" (its dashboards are on legacy SQL storage, which deletes for good)';
    expect(out).toContain(
      `kept     dashboards/prod-ops/canary.json: uid canary is not in Grafana, but commit ${sha} added it, environment staging's dashboards/sre/canary.json holds it too (created there) ` +
        `and this Grafana never held it as far as dashsync can tell (no backup of it; ${trash}, so a delete made there would leave no trace): a create not applied here yet; not deleted. ` +
        'dashsync plan --env prod shows its create, dashsync apply --env prod makes it. If it was deleted from this Grafana for good, git rm the file',
    );
    expect(out.find((line) => line.includes(canaryPanel))).toContain('dashboard canary in the tree still uses it');
    expect(out).toContain('deleted  dashboards/prod-ops/gone.json (uid gone is not in Grafana; whether this Grafana ever held it is not known: see the note)');
    expect(lines(pulled.stderr)).toContain(
      `note: pull --prune deleted 1 file whose uid this Grafana may never have held, which dashsync cannot tell: ${trash}, and dashsync has no backup of it. ` +
        'A create not applied here yet (a committed file whose apply has not run here) reads the same as one deleted in Grafana: if one is, git checkout HEAD -- dashboards/prod-ops/gone.json brings it back',
    );
    // What the kept lines say makes them does.
    const planned = await cli(['plan', '--env', 'prod']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/create +dashboards\/prod-ops\/canary\.json/);
    expect(planned.stdout).toContain(canaryPanel);
  });
});
