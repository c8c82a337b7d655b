import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown } from '../../../src/report/render-plan-markdown.js';
import { renderPlanText } from '../../../src/report/render-plan-text.js';
import type { PlanWarning } from '../../../src/plan/types.js';
import { toPlanJson } from '../../../src/report/render-plan-json.js';
import { noteOlderSchemaVersions } from '../../../src/plan/note-older-schema-version.js';
import { action, plan } from '../plan/builders.js';
import { runSelectionOf } from '../../../src/report/next-command.js';

const uids = (count: number) => Array.from({ length: count }, (_, i) => `gen-${String(i).padStart(4, '0')}`);
const updates = (count: number) => uids(count).map((uid) => action({ uid, action: 'update', file: `dashboards/${uid}.json` }));
const summary = (update: number) => ({ create: 0, update, move: 0, delete: 0, unchanged: 0, folderCreate: 0, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 });
const drift = (uid: string): PlanWarning => ({ kind: 'drift', uid, title: uid, version: 2, updatedBy: 'jane', updated: '2026-03-04T05:06:07Z', message: '' });
const migration = (uid: string, from = 16): PlanWarning => ({ kind: 'schema-migration', uid, title: uid, file: `dashboards/${uid}.json`, from, to: 42 });

const warningLines = (text: string) => text.split('\n').filter((line) => line.startsWith('  ! '));

describe('a plan with many warnings of one kind', () => {
  const drifted = plan({ actions: updates(60), warnings: uids(60).map(drift), summary: summary(60) });

  it('prints the first 20 drift warnings and one line counting the rest, in text and markdown; JSON keeps all 60', () => {
    const lines = warningLines(renderPlanText(drifted, { color: false }));
    expect(lines).toHaveLength(21);
    expect(lines[19]).toContain('drift: gen-0019 "gen-0019" was last saved');
    expect(lines[20]).toBe('  ! … and 40 more drift warnings (dashsync plan --verbose lists every one, --format json holds them all)');

    const markdown = renderPlanMarkdown(drifted).split('\n').filter((line) => line.startsWith('> - '));
    expect(markdown).toHaveLength(21);
    expect(markdown[20]).toBe('> - … and 40 more drift warnings (dashsync plan --format json lists every one)');

    expect(toPlanJson(drifted).warnings).toHaveLength(60);
  });

  // fixn-69: the pointer repeated no flag of the run: pasted, `dashsync plan --verbose` planned another environment (or was refused).
  it('names the command that lists every one with the run\'s selection, begun as the shell ran dashsync', () => {
    const selection = runSelectionOf({ environment: 'prod', commandLine: { config: 'deploy/dashsync.json', root: 'grafana', invocation: 'npx dashsync' } });
    expect(warningLines(renderPlanText(drifted, { color: false, selection }))[20]).toBe(
      '  ! … and 40 more drift warnings (npx dashsync plan --env prod --config deploy/dashsync.json --root grafana --verbose lists every one, --format json holds them all)',
    );
    const markdown = renderPlanMarkdown(drifted, { selection }).split('\n').filter((line) => line.startsWith('> - '));
    expect(markdown[20]).toBe('> - … and 40 more drift warnings (npx dashsync plan --env prod --config deploy/dashsync.json --root grafana --format json lists every one)');
  });

  it('lists every one with --verbose', () => {
    expect(warningLines(renderPlanText(drifted, { color: false, verbose: true }))).toHaveLength(60);
  });

  it('never folds warnings that only share a kind: each `other` warning unlike the rest keeps its line', () => {
    const folders = uids(30).map((uid): PlanWarning => ({ kind: 'other', uid, message: `folder ${uid} exists but these credentials cannot see it (a read of it was refused, HTTP 403)` }));
    const labelled = uids(25).map((uid): PlanWarning => ({ kind: 'other', uid, message: `labels removed: ${uid} "${uid}" goes through /api` }));
    const lines = warningLines(renderPlanText(plan({ actions: updates(30), warnings: [...folders, ...labelled], summary: summary(30) }), { color: false }));
    expect(lines.filter((line) => line.startsWith('  ! folder '))).toHaveLength(30);
    expect(lines.filter((line) => line.startsWith('  ! labels removed: '))).toHaveLength(20);
    expect(lines.at(-1)).toBe('  ! … and 5 more "labels removed" warnings (dashsync plan --verbose lists every one, --format json holds them all)');
  });
});

describe("folders to create a refused read could not prove absent (--api legacy on Grafana 12+ with a non-Admin token)", () => {
  // The planner's warning for each (describeUnverifiedFolder).
  const unverified = (uid: string): Extract<PlanWarning, { kind: 'other' }> => ({
    kind: 'other',
    uid,
    message: `folder ${uid} is not in Grafana's folder search and a read of it was refused (HTTP 403), which Grafana answers a non-Admin for a folder that does not exist as for one hidden from it: planned as a create, which Grafana refuses if it exists`,
  });
  const other: PlanWarning = { kind: 'other', uid: null, message: 'something else' };
  const folders = plan({ actions: updates(1), warnings: [unverified('team-c'), other, unverified('team-a'), unverified('team-b')], summary: summary(1) });

  it('are one warning in text and markdown, as the Action has one note; --verbose and JSON keep one a folder', () => {
    const lines = warningLines(renderPlanText(folders, { color: false }));
    expect(lines).toEqual([
      "  ! folders team-a, team-b, team-c planned as creates without proof that Grafana has none: through /api, Grafana (12 and later) refuses every token but an org Admin's (HTTP 403) the read of a folder its search does not show that token, whether the folder is absent or hidden from it; should one exist, Grafana refuses its create at apply, and the writes planned into it, overwriting nothing. An org Admin's token, or a plan through /apis (api auto or k8s), which tells the two apart, leaves no doubt (dashsync plan --verbose lists every one, --format json holds them all)",
      '  ! something else',
    ]);
    const markdown = renderPlanMarkdown(folders).split('\n').filter((line) => line.startsWith('> - '));
    expect(markdown.filter((line) => line.includes('folder search') || line.includes('planned as creates'))).toHaveLength(1);
    expect(warningLines(renderPlanText(folders, { color: false, verbose: true })).filter((line) => line.includes("is not in Grafana's folder search"))).toHaveLength(3);
    expect(toPlanJson(folders).warnings).toHaveLength(4);
  });

  it('one such folder keeps its own line', () => {
    const one = plan({ actions: updates(1), warnings: [unverified('team-a')], summary: summary(1) });
    expect(warningLines(renderPlanText(one, { color: false }))).toEqual([`  ! ${unverified('team-a').message}`]);
  });
});

describe('schema-migration notes', () => {
  it('more than 3 are one line with their count, the schemaVersions and the first 3 dashboards', () => {
    const migrated = plan({ actions: updates(5000), warnings: uids(5000).map((uid, i) => migration(uid, i === 0 ? 36 : 16)), summary: summary(5000) });
    const lines = warningLines(renderPlanText(migrated, { color: false }));
    expect(lines).toEqual([
      '  ! schema migration: 5000 dashboards go through /apis, where Grafana migrates them on write (schemaVersion 16–36 → 42: panels such as singlestat become stat, ' +
        'datasource names become references): gen-0000 (dashboards/gen-0000.json), gen-0001 (dashboards/gen-0001.json), gen-0002 (dashboards/gen-0002.json) ' +
        'and 4997 more (dashsync plan --verbose or --format json lists each); later plans and dashsync pull take what Grafana stores for the file (no change; the file keeps its schemaVersion)',
    ]);
    expect(renderPlanMarkdown(migrated).split('\n').filter((line) => line.startsWith('> - schema migration: '))).toHaveLength(1);
    expect(toPlanJson(migrated).warnings).toHaveLength(5000);
  });

  it('3 keep a line each', () => {
    const lines = warningLines(renderPlanText(plan({ actions: updates(3), warnings: uids(3).map((uid) => migration(uid)), summary: summary(3) }), { color: false }));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('schema migration: gen-0000 "gen-0000" (dashboards/gen-0000.json) goes through /apis');
  });
});

// walkthrough-17 L-3: 50 `older schema` notes alike but for the dashboard printed 20 lines of ~300 characters, then `… and 30 more`.
describe('notes alike but for the dashboard they name', () => {
  const older = (uid: string, schemaVersion = 39) =>
    action({ uid, action: 'update', title: `Service ${uid}`, write: { api: 'legacy', apiVersion: null }, changes: [{ path: 'schemaVersion', kind: 'changed', before: 42, after: schemaVersion }] });
  const noteLines = (text: string) => text.slice(text.indexOf('Notes:\n')).split('\n').filter((line) => /^ {2}\S/.test(line));

  it('more than 10 are one line naming the first 5 and the count; one that differs (another schemaVersion) keeps its own', () => {
    const actions = [...uids(50).map((uid) => older(uid)), older('odd', 36)];
    const planned = plan({ actions, warnings: noteOlderSchemaVersions(actions), summary: summary(51) });
    expect(noteLines(renderPlanText(planned, { color: false }))).toEqual([
      '  older schema: gen-0000, gen-0001, gen-0002, gen-0003, gen-0004 and 45 more, each: the file\'s schemaVersion 39 is older than Grafana\'s copy (42: ' +
        'Grafana\'s editor saves a dashboard at its newest schema); /api stores the file as it is (Grafana does not migrate it on write), and Grafana\'s editor ' +
        'migrates it again when the dashboard is opened (dashsync plan --verbose lists every one, --format json holds them all)',
      '  older schema: odd "Service odd" (dashboards/odd.json): the file\'s schemaVersion 36 is older than Grafana\'s copy (42: Grafana\'s editor saves a ' +
        'dashboard at its newest schema); /api stores the file as it is (Grafana does not migrate it on write), and Grafana\'s editor migrates it again when the dashboard is opened',
    ]);
    expect(renderPlanMarkdown(planned).split('\n').filter((line) => line.includes('older schema: '))).toHaveLength(2);
    expect(toPlanJson(planned).warnings).toHaveLength(51);
  });

  it('10 keep a line each, and --verbose lists every one', () => {
    const ten = uids(10).map((uid) => older(uid));
    expect(noteLines(renderPlanText(plan({ actions: ten, warnings: noteOlderSchemaVersions(ten), summary: summary(10) }), { color: false }))).toHaveLength(10);
    const fifty = uids(50).map((uid) => older(uid));
    expect(noteLines(renderPlanText(plan({ actions: fifty, warnings: noteOlderSchemaVersions(fifty), summary: summary(50) }), { color: false, verbose: true }))).toHaveLength(50);
  });
});

describe('the markdown headline', () => {
  it('names only the changes, bold, and what stays as it is below', () => {
    const headline = plan({
      actions: updates(1),
      summary: { ...summary(0), move: 1, delete: 3, unchanged: 4, labelsNotKept: 1, folderDelete: 1 },
    });
    const lines = renderPlanMarkdown(headline).split('\n');
    expect(lines.slice(4, 7)).toEqual(['**Plan: 1 to move, 3 to delete; folders: 1 to delete**', '', '4 unchanged, 1 with labels Grafana does not keep (nothing to write).']);
  });
});
