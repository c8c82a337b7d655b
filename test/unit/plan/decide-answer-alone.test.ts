import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readDashboardFileResult } from '../../../src/files/read-claimed-dashboard-files.js';
import type { DashboardEntry } from '../../../src/files/types.js';
import { decideAnswerAlone, type AnswerToDecide, type DecisionWorkerData } from '../../../src/plan/decide-answer-alone.js';
import { createShortcutOdds } from '../../../src/plan/shortcut-odds.js';

// What the plan's decision worker decides alone, and what it hands back to the main thread (null), which then decides
// as before and says what failed in its own words.

const model = (uid: string, expr: string, schemaVersion = 39) => ({
  panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, targets: [{ expr, refId: 'A' }], title: 'CPU', type: 'timeseries' }],
  schemaVersion,
  title: uid.toUpperCase(),
  uid,
});

/** GET /api/dashboards/uid/:uid's answer as Grafana writes it (meta first). */
const answerOf = (dashboard: Record<string, unknown>, version = 3) =>
  new TextEncoder().encode(
    JSON.stringify({
      meta: { version, folderUid: '', folderTitle: 'General', created: '2026-12-01T10:00:00Z', createdBy: 'admin', updated: '2026-12-02T10:00:00Z', updatedBy: 'alice', provisioned: false, provisionedExternalId: '', url: '/d/x' },
      dashboard: { ...dashboard, id: 7, version },
    }),
  );

async function treeFile(content: Record<string, unknown>): Promise<{ cwd: string; entry: DashboardEntry }> {
  const cwd = await mkdtemp(join(tmpdir(), 'dashsync-decide-alone-'));
  onTestFinished(() => rm(cwd, { recursive: true, force: true }));
  await writeFile(join(cwd, 'a.json'), `${JSON.stringify(content, null, 2)}\n`);
  const read = readDashboardFileResult({ absPath: join(cwd, 'a.json'), file: 'a.json' }, { inputs: {}, describeModels: true });
  expect(read.diagnostics).toEqual([]);
  return { cwd, entry: { ...read.entry!, file: 'a.json', absPath: join(cwd, 'a.json'), dir: '', folderUid: null } };
}

const dataFor = (cwd: string): DecisionWorkerData => ({ settings: { cwd, inputs: {}, minRefreshInterval: '5s' }, libraryPanelNames: new Map(), folderTitles: new Map() });
const toDecide = (entry: DashboardEntry, bytes: Uint8Array): AnswerToDecide => ({ id: 1, entry, bytes, numbersAsText: false, write: { api: 'legacy', apiVersion: null } });

describe('decideAnswerAlone: a changed dashboard decided from its answer and its file', () => {
  it('an update with the changed field, and the head the drift check asks with', async () => {
    const { cwd, entry } = await treeFile(model('a', 'rate(x[1m])'));

    const alone = decideAnswerAlone(toDecide(entry, answerOf(model('a', 'up'))), dataFor(cwd), createShortcutOdds());

    expect(alone?.decision.action).toMatchObject({ uid: 'a', action: 'update', file: 'a.json', live: { version: 3, updatedBy: 'alice' } });
    expect(alone?.decision.action.changes).toEqual([{ path: 'panels[id=1 "CPU"].targets[0].expr', kind: 'changed', before: 'up', after: 'rate(x[1m])' }]);
    expect(alone?.head).toMatchObject({ version: 3, apiVersion: null, pushed: null, lastSave: { by: 'alice', at: '2026-12-02T10:00:00Z', version: 3 } });
  });

  it('the same content: a no-op', async () => {
    const { cwd, entry } = await treeFile(model('a', 'up'));

    const alone = decideAnswerAlone(toDecide(entry, answerOf(model('a', 'up'))), dataFor(cwd), createShortcutOdds());

    expect(alone?.decision.action).toMatchObject({ action: 'noop', changes: [] });
  });

  it('handed back (null): the file changed since the tree pass, an answer that is no dashboard, another uid answered, a classic file below 36', async () => {
    const { cwd, entry } = await treeFile(model('a', 'rate(x[1m])'));
    const data = dataFor(cwd);
    const shortcut = createShortcutOdds();

    expect(decideAnswerAlone(toDecide(entry, new TextEncoder().encode('<html>proxy error</html>')), data, shortcut)).toBeNull();
    expect(decideAnswerAlone(toDecide(entry, new TextEncoder().encode('{"meta":{}}')), data, shortcut)).toBeNull();
    expect(decideAnswerAlone(toDecide(entry, answerOf(model('A', 'up'))), data, shortcut)).toBeNull();
    await writeFile(join(cwd, 'a.json'), `${JSON.stringify(model('a', 'rate(y[1m])'), null, 2)}\n`);
    expect(decideAnswerAlone(toDecide(entry, answerOf(model('a', 'up'))), data, shortcut)).toBeNull();

    const old = await treeFile(model('a', 'rate(x[1m])', 30));
    expect(decideAnswerAlone(toDecide(old.entry, answerOf(model('a', 'up', 30))), dataFor(old.cwd), shortcut)).toBeNull();
  });
});
