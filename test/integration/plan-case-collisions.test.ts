import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll } from '../pull/pull-fixture.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const board = (uid: string) => `${JSON.stringify({ panels: [], schemaVersion: 39, title: uid, uid }, null, 2)}\n`;

// fix-60b (walk-60 H2): check warned of directories differing in case, the plan said nothing (so neither did the PR comment),
// and files differing in case had no rule at all.
describe('plan: directories and files one on a case-insensitive checkout', () => {
  it('warns of both, as check does', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-case-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const files: Record<string, string> = { 'team-a/board.json': 'case-lower', 'team-a/Board.json': 'case-upper', 'Team-B/cpu.json': 'cpu-upper', 'team-b/cpu.json': 'cpu-lower' };
    for (const [path, uid] of Object.entries(files)) {
      await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
      await writeFile(join(dir, 'dashboards', path), board(uid));
    }
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    const text = renderPlanText(await createPlan({ settings, grafana, git: GIT }), { color: false });

    const oneFile = 'differ only in case: on a case-insensitive checkout (macOS, Windows) they are one file, so one of them is lost there (and a prune run from there deletes its dashboard in Grafana); rename one of them (git mv)';
    expect(text).toContain(
      'dashboards/team-b: directory dashboards/team-b and its sibling dashboards/Team-B differ only in case: on a case-insensitive checkout (macOS, Windows) they are one directory, ' +
        'so their files land in one folder there, and files of one name in both are one file there; their folders take those names as titles',
    );
    expect(text).toContain(`dashboards/team-a/board.json: dashboards/team-a/board.json and dashboards/team-a/Board.json ${oneFile} (file-name-case)`);
    expect(text).toContain(`dashboards/team-b/cpu.json: dashboards/team-b/cpu.json and dashboards/Team-B/cpu.json ${oneFile} (file-name-case)`);
    expect(text).not.toContain("git's index");

    // A case-insensitive checkout, emulated: git's index holds both names, the directory one file.
    await commitAll(dir, 'both');
    await rm(join(dir, 'dashboards/team-a/Board.json'));
    const checkout = renderPlanText(await createPlan({ settings, grafana, git: GIT }), { color: false });
    // nl-61b (the real walk, a FAT image): the line names whose content the checkout holds and so which dashboard a prune deletes.
    expect(checkout).toContain(
      "dashboards/team-a/board.json: git's index holds dashboards/team-a/Board.json and dashboards/team-a/board.json, which differ only in case, but this checkout holds one file for both " +
        "(a case-insensitive file system: macOS, Windows), so it holds dashboards/team-a/board.json's content, and the dashboard of dashboards/team-a/Board.json (uid case-upper) is not read here " +
        'and a prune from here deletes it in Grafana; rename one of them (git mv) on a case-sensitive checkout (file-name-case)',
    );
    expect(checkout).not.toContain('dashboards/team-a/board.json and dashboards/team-a/Board.json differ');
  });

  // nl-61b, the real walk: git merges Team/ and team/ into one directory without a word; the plan moved team's dashboard into
  // Team's folder and pruned team's folder, saying only "removed, not committed yet".
  it('names two directories the checkout made one, the files read from the other and what that does to their folders', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-case-dirs-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards/Ops'), { recursive: true });
    await mkdir(join(dir, 'dashboards/ops'), { recursive: true });
    await writeFile(join(dir, 'dashboards/Ops/x.json'), board('ops-x'));
    await writeFile(join(dir, 'dashboards/ops/y.json'), board('ops-y'));
    await commitAll(dir, 'both');
    // A case-insensitive checkout, emulated: team/y.json written into the Ops directory git made first.
    await rename(join(dir, 'dashboards/ops/y.json'), join(dir, 'dashboards/Ops/y.json'));
    await rm(join(dir, 'dashboards/ops'), { recursive: true });
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const text = renderPlanText(await createPlan({ settings, grafana, git: GIT }), { color: false });
    expect(text).toContain(
      "dashboards/ops: git's index holds directories dashboards/Ops and dashboards/ops, which differ only in case, but this checkout holds one directory for both (a case-insensitive file system: macOS, Windows), dashboards/Ops, " +
        "so the file of dashboards/ops (dashboards/ops/y.json) is read here from dashboards/Ops: its dashboard moves to that directory's folder, and the folder of dashboards/ops looks emptied (a prune from here deletes it); " +
        'rename one of them (git mv), or move its files into the other, on a case-sensitive checkout (dir-name-case)',
    );
    // check on that checkout read the disk alone, which held nothing to warn of: it reads git's index too.
    const checked = await runCheck({ settings });
    expect(checked.diagnostics.map((d) => `${d.file}: ${d.message} (${d.rule})`)).toContain(
      "dashboards/ops: git's index holds directories dashboards/Ops and dashboards/ops, which differ only in case, but this checkout holds one directory for both (a case-insensitive file system: macOS, Windows), dashboards/Ops, " +
        "so the file of dashboards/ops (dashboards/ops/y.json) is read here from dashboards/Ops: its dashboard moves to that directory's folder, and the folder of dashboards/ops looks emptied (a prune from here deletes it); " +
        'rename one of them (git mv), or move its files into the other, on a case-sensitive checkout (dir-name-case)',
    );
  });
});
