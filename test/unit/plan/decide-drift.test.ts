import { describe, expect, it } from 'vitest';
import type { DashboardVersion } from '../../../src/grafana/legacy/legacy-api.js';
import { lastSaveFromVersion } from '../../../src/grafana/legacy/read-last-save.js';
import { authorshipNotChecked, decideDrift, driftNotChecked } from '../../../src/plan/decide-drift.js';
import { sortWarnings } from '../../../src/plan/sort-warnings.js';
import { describeWarning, describeWarningsIn } from '../../../src/report/describe-warning.js';
import type { PlanWarning } from '../../../src/plan/types.js';
import { lastSave } from './builders.js';

const cpu = { uid: 'cpu', title: 'CPU' };

function version(overrides: Partial<DashboardVersion> = {}): DashboardVersion {
  return { version: 4, parentVersion: 3, restoredFrom: 0, created: '2026-03-04T05:06:07Z', createdBy: 'jane', message: '', ...overrides };
}

/** The legacy history's newest version, read as the port's LastSave, decided on by the planner. */
function driftFromVersion(dashboard: { uid: string; title: string; live?: { version: number } }, latest: DashboardVersion | undefined, ownNames: string[] | null) {
  const liveVersion = dashboard.live?.version ?? 3;
  const subject = { uid: dashboard.uid, version: liveVersion, lastSave: lastSave({ version: liveVersion }) };
  return decideDrift({ uid: dashboard.uid, title: dashboard.title }, lastSaveFromVersion(subject, latest, ownNames));
}

describe('drift from the newest version (legacy history, decided by decideDrift)', () => {
  it('a labels or annotations edit is no drift where the file holds exactly the live ones; a saved version stays drift whatever the labels', () => {
    const labelsEdit = lastSave({ byDashsync: false, version: 3, metadataEdited: true });
    expect(decideDrift(cpu, labelsEdit, true)).toBeNull();
    expect(decideDrift(cpu, labelsEdit, false)).toMatchObject({ kind: 'drift', uid: 'cpu', metadataEdited: true });
    expect(decideDrift(cpu, lastSave({ byDashsync: false, version: 4, by: 'jane' }), true)).toMatchObject({ kind: 'drift', updatedBy: 'jane' });
  });

  it('no drift when the newest version carries the dashsync marker and our credentials saved it, or there is none', () => {
    expect(driftFromVersion(cpu, version({ message: 'dashsync: 1a2b3c Tune CPU', createdBy: 'ci-bot' }), ['ci-bot'])).toBeNull();
    expect(driftFromVersion(cpu, undefined, ['ci-bot'])).toBeNull();
  });

  it('drift naming who, when, which version and their message when someone else saved it', () => {
    expect(driftFromVersion(cpu, version({ version: 9, createdBy: 'jane', created: '2026-03-04T05:06:07Z', message: 'fix axis' }), ['ci-bot'])).toEqual({
      kind: 'drift',
      uid: 'cpu',
      title: 'CPU',
      version: 9,
      updatedBy: 'jane',
      updated: '2026-03-04T05:06:07Z',
      message: 'fix axis',
    });
  });

  it('drift naming who when a marked message was saved by someone else (a copied message)', () => {
    const copied = version({ version: 7, createdBy: 'jane', message: 'dashsync: 1a2b3c Tune CPU' });
    expect(driftFromVersion(cpu, copied, ['ci-bot'])).toMatchObject({ kind: 'drift', updatedBy: 'jane', version: 7, message: 'dashsync: 1a2b3c Tune CPU' });
    // A service account's save shows its name on Grafana 11.5+, its login elsewhere: both are ours.
    expect(driftFromVersion(cpu, { ...copied, createdBy: 'CI bot' }, ['sa-1-ci-bot', 'CI bot'])).toBeNull();
  });

  it('the marker alone decides where the saver cannot be told: our identity unknown, or Grafana shows "Anonymous"', () => {
    const marked = version({ createdBy: 'jane', message: 'dashsync: 1a2b3c Tune CPU' });
    expect(driftFromVersion(cpu, marked, null)).toBeNull();
    expect(driftFromVersion(cpu, { ...marked, createdBy: 'Anonymous' }, ['ci-bot'])).toBeNull();
    expect(driftFromVersion(cpu, { ...marked, createdBy: 'Anonymous', message: 'fix axis' }, ['ci-bot'])).toMatchObject({ kind: 'drift', updatedBy: 'Anonymous' });
  });

  it('falls back to the live version when the history reports version 0', () => {
    expect(driftFromVersion({ ...cpu, live: { version: 6 } }, version({ version: 0, parentVersion: 0, createdBy: 'jane' }), ['ci-bot'])).toMatchObject({ version: 6 });
  });

  it('a first version ("Initial save") is ours when our own login created it, drift when someone else did, unknown when the creator or we cannot be named', () => {
    const initial = version({ version: 1, parentVersion: 0, message: 'Initial save', createdBy: 'ci-bot' });
    expect(driftFromVersion(cpu, initial, ['ci-bot'])).toBeNull();
    expect(driftFromVersion(cpu, { ...initial, createdBy: 'jane' }, ['ci-bot'])).toMatchObject({ kind: 'drift', updatedBy: 'jane', version: 1 });
    // Our identity not known, or Grafana naming no creator (a service account's save before 11.5: Anonymous): not drift.
    expect(driftFromVersion(cpu, initial, null)).toBeNull();
    expect(driftFromVersion(cpu, { ...initial, createdBy: 'Anonymous' }, ['sa-1-ci', 'ci'])).toBeNull();
    // A later version that is not ours is drift even when our login saved it (edited in the UI with the same account).
    expect(driftFromVersion(cpu, version({ createdBy: 'ci-bot', message: '' }), ['ci-bot'])).toMatchObject({ kind: 'drift' });
  });
});

// nl-59: a move made in Grafana over a change not applied yet (pull keeps the file) advised that pull, which leads back here.
describe('drift of dashsync\'s restore (restore-note.ts)', () => {
  it('a legacy version whose shown message carries a restore note is the save it took back, no request more; a restore that found no backup says so', () => {
    const note = 'dashsync: 1a2b3c restore [restored from backup by ?: edit v3 by dave at 2026-03-04T05%3A00%3A00Z]';
    expect(driftFromVersion(cpu, version({ version: 5, createdBy: 'ci-bot', message: note }), ['ci-bot'])).toMatchObject({ kind: 'drift', updatedBy: 'dave', restoredFrom: 'backup', savedVersion: 3 });
    const none = decideDrift(cpu, lastSave({ byDashsync: false, version: 1, by: '', at: '', restored: { from: 'trash', at: 't', kind: 'unknown', noBackup: true } }));
    expect(none).toMatchObject({ restoredFrom: 'trash', restoredWithoutBackup: true });
    expect(describeWarning(none!)).toContain('holds the version it had before its delete, and the restore found no backup of it (a prune of dashsync\'s writes one) to say whose save that was;');
  });
});

describe('drift of a move whose live content a commit of the file holds (movedOnlyIn)', () => {
  const warning: PlanWarning = {
    kind: 'drift',
    uid: 'redis',
    title: 'Redis',
    version: 4,
    updatedBy: 'jane',
    updated: '2026-03-04T05:06:07Z',
    message: '',
    movedOnlyIn: '0123456789abcdef0123',
    liveFolderTitle: 'Caches',
    file: 'dashboards/db/redis.json',
    moveTo: "dashboards/jane's caches/redis.json",
  };

  it('says the move is the edit, and gives the git mv into that folder\'s directory (quoted) and the plan after it, not the pull', () => {
    expect(describeWarningsIn({ environment: 'prod' })(warning)).toBe(
      'drift: redis "Redis" was last saved in Grafana by jane at 2026-03-04T05:06:07Z (version 4), not by dashsync; that version is the file\'s commit 0123456789ab in another folder, "Caches": ' +
        "the edit made in Grafana is that move, which applying undoes (to keep Grafana's folder instead: git mv dashboards/db/redis.json 'dashboards/jane'\\''s caches/redis.json' && dashsync plan --env prod)",
    );
  });

  it('without a directory for that folder, says what makes one; an apply no one reviews keeps it as a conflict with the same way out', () => {
    const { moveTo: _none, ...withoutDirectory } = warning as Extract<PlanWarning, { kind: 'drift' }>;
    expect(describeWarningsIn(undefined, 'cli', 'no-terminal')(withoutDirectory)).toBe(
      'drift: redis "Redis" was last saved in Grafana by jane at 2026-03-04T05:06:07Z (version 4), not by dashsync; that version is the file\'s commit 0123456789ab in another folder, "Caches": ' +
        'the edit made in Grafana is that move; no one reviewed this plan (no plan file, and no terminal to ask), so this apply leaves that move untouched (a conflict) unless it is run with --force ' +
        "(to keep Grafana's folder instead: move the file to a directory that stands for that folder (its _folder.json names the folder's uid), then run dashsync plan)",
    );
  });

  it('quotes the version message Grafana holds as it quotes a title: a `"` in it does not end the quotes, here and in the plain drift line', () => {
    const message = 'moved to "Caches" by hand';
    const quoted = '(version 4, "moved to \\"Caches\\" by hand"), not by dashsync; ';
    expect(describeWarningsIn({ environment: 'prod' })({ ...warning, message })).toContain(quoted + "that version is the file's commit 0123456789ab");
    const { movedOnlyIn: _none, ...plain } = warning as Extract<PlanWarning, { kind: 'drift' }>;
    expect(describeWarning({ ...plain, message })).toContain(quoted + 'applying replaces that version with the file');
  });
});

describe('authorshipNotChecked', () => {
  it('says once that GET /api/user failed and that the marker decided', () => {
    expect(authorshipNotChecked(null)).toEqual([]);
    const [note] = authorshipNotChecked('HTTP 500');
    expect(note && 'message' in note ? note.message : '').toMatch(/^drift authorship not checked: GET \/api\/user failed \(HTTP 500\)/);
  });
});

describe('driftNotChecked', () => {
  it('says once for how many dashboards the history could not be read, naming the first five', () => {
    expect(driftNotChecked([], 'forbidden')).toEqual([]);
    const [note] = driftNotChecked(['f', 'e', 'd', 'c', 'b', 'a', 'g'], 'forbidden');
    expect(note).toEqual({ kind: 'drift-not-checked', uid: null, uids: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], reason: 'forbidden' });
    expect(describeWarning(note!)).toMatch(/^drift not checked for 7 dashboards \(a, b, c, d, e, … \(2 more\)\): these credentials may not read version history/);
    const [unconvertible] = driftNotChecked(['x'], 'unconvertible');
    expect(describeWarning(unconvertible!)).toMatch(/^drift not checked for 1 dashboard \(x\): Grafana could not read their version history \(it answers 404/);
  });
});

describe('sortWarnings', () => {
  it('orders by kind (drift, provisioned, title clash, other) then uid', () => {
    const warnings: PlanWarning[] = [
      { kind: 'other', uid: null, message: 'm' },
      { kind: 'title-clash', uid: 'a', title: 'A', folderUid: null, otherUid: 'b' },
      { kind: 'drift', uid: 'z', title: 'Z', version: 2, updatedBy: 'j', updated: 't', message: '' },
      { kind: 'drift', uid: 'b', title: 'B', version: 2, updatedBy: 'j', updated: 't', message: '' },
      { kind: 'provisioned', uid: 'p', title: 'P', message: 'm' },
    ];
    expect(sortWarnings(warnings).map((w) => `${w.kind}:${w.uid}`)).toEqual(['drift:b', 'drift:z', 'provisioned:p', 'title-clash:a', 'other:null']);
  });
});
