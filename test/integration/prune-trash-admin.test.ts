import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderPlanJson } from '../../src/report/render-plan-json.js';
import { renderPlanMarkdown } from '../../src/report/render-plan-markdown.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { renderBackupsWritten } from '../../src/report/render-apply-result.js';
import { renderApplyResultLine } from '../../src/report/render-apply-json.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Audit F38: on 11.2 with "Recently deleted" on, an Editor's token can prune, but only an org Admin can take a
// dashboard back from there, and the trash keeps its uid taken, so its file cannot create it again either.

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const NOTE =
  'restore needs an org Admin: the 2 dashboards this plan deletes go to Grafana\'s "Recently deleted", which only an org Admin can take dashboards back from ' +
  '(these credentials may not even list it), and which keeps their uids taken (Grafana 11), so their files cannot create them again either: ' +
  'bringing one back will need dashsync restore with an org Admin\'s credentials';

/** Folder `team` in Grafana with cpu (in the tree), redis and mem (not): a prune of the folders scope deletes two. */
async function pruneTwo(role: 'Editor' | 'Admin', features: Record<string, boolean> = {}) {
  const sandbox = await startTestSandbox({ grafanaVersion: '11.2', features });
  await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' }, adminHeaders());
  for (const [uid, title] of [['cpu', 'CPU'], ['redis', 'Redis'], ['mem', 'Memory']]) {
    await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title, schemaVersion: 39, panels: [] }, folderUid: 'team' }, adminHeaders());
  }
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-prune-admin-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards/team'), { recursive: true });
  await writeFile(join(dir, 'dashboards/team/_folder.json'), JSON.stringify({ uid: 'team', title: 'Team' }));
  await writeFile(join(dir, 'dashboards/team/cpu.json'), JSON.stringify({ uid: 'cpu', title: 'CPU', schemaVersion: 39, panels: [] }));
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken(role) };
  const settings = await loadSettings({ flags: { root: 'dashboards', prune: 'folders', backupDir: join(dir, 'backups') }, env, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { settings, grafana, plan: await createPlan({ settings, grafana, git: GIT }) };
}

describe('a prune into 11.2\'s "Recently deleted"', () => {
  it('by an Editor: one note in every rendering, and each deleted line says who can bring it back', async () => {
    const { plan, settings, grafana } = await pruneTwo('Editor');

    expect(plan.summary).toMatchObject({ delete: 2 });
    expect(plan.warnings).toEqual([{ kind: 'restore-needs-admin', uid: null, deletes: 2 }]);
    expect(JSON.parse(renderPlanJson(plan)).warnings).toEqual([{ kind: 'restore-needs-admin', uid: null, deletes: 2 }]);
    expect(renderPlanText(plan, { color: false }).split('\n').filter((line) => line.includes('org Admin'))).toEqual([`  ! ${NOTE}`]);
    expect(renderPlanMarkdown(plan)).toContain('restore needs an org Admin: the 2 dashboards this plan deletes');

    const events: ApplyEvent[] = [];
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false, onEvent: (event) => events.push(event) });
    const deleted = events.filter((event) => event.outcome === 'deleted');
    expect(deleted.map((event) => event.uid).sort()).toEqual(['mem', 'redis']);
    for (const event of deleted) expect(event.message).toContain('only an org Admin can take it back from (these credentials may not even list it)');

    // rev-69c L1: the backups line said `restore --all … puts them all back`, which this Editor cannot do here: the trash
    // refuses it the take-back, and keeps the uids taken, so the backups cannot go in either.
    const place = { backupDir: settings.backupDir, cwd: settings.cwd };
    expect(renderBackupsWritten(result, place, 'cli')).toMatch(
      /^Backups of what was deleted: 2 files under backups\/ \(dashsync restore --all --deleted-since \S+Z with an org Admin's credentials puts them all back, dashsync restore UID one of them: Grafana 11's "Recently deleted" keeps them with their uids taken, and gives them back to org Admins only\)$/,
    );
    expect(renderBackupsWritten(result, place, 'action')).toContain("--backup-dir <the artifact's directory> with an org Admin's credentials puts them all back: Grafana 11's \"Recently deleted\" keeps them");
    expect(JSON.parse(renderApplyResultLine(result, { ...place, selection: {}, retried: null, exitCode: 0 })).deletedForAdmins.sort()).toEqual(['mem', 'redis']);
    // One of them, as its own apply would: the one command, for an org Admin.
    const one = { ...result, deleted: ['mem'], backups: result.backups.filter((file) => file.includes('/mem/')) };
    expect(renderBackupsWritten(one, place, 'cli')).toMatch(
      /^Backups of what was deleted: 1 file under backups\/ \(dashsync restore mem with an org Admin's credentials puts it back, as does dashsync restore --all --deleted-since \S+Z with an org Admin's credentials: Grafana 11's "Recently deleted" keeps it with its uid taken, and gives it back to org Admins only\)$/,
    );
  });

  it('by an Admin, who may list and restore: no note, and the deleted line as before', async () => {
    const { plan, settings, grafana } = await pruneTwo('Admin');

    expect(plan.warnings).toEqual([]);
    const events: ApplyEvent[] = [];
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false, onEvent: (event) => events.push(event) });
    const deleted = events.filter((event) => event.outcome === 'deleted');
    expect(deleted.map((event) => event.message)).toEqual(['Grafana keeps it in "Recently deleted" too', 'Grafana keeps it in "Recently deleted" too']);
    expect(renderBackupsWritten(result, { backupDir: settings.backupDir, cwd: settings.cwd }, 'cli')).toMatch(/^Backups of what was deleted: 2 files under backups\/ \(dashsync restore --all --deleted-since \S+Z puts them all back, dashsync restore UID one of them\)$/);
  });

  it('with "Recently deleted" off (a stock 11.2): no note, whoever prunes', async () => {
    const { plan } = await pruneTwo('Editor', { dashboardRestore: false });

    expect(plan.summary).toMatchObject({ delete: 2 });
    expect(plan.warnings).toEqual([]);
  });
});
