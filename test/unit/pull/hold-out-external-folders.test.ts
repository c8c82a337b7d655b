import { describe, expect, it } from 'vitest';
import { holdOutExternalFolders } from '../../../src/pull/hold-out-external-folders.js';
import type { DashboardTarget } from '../../../src/pull/types.js';

const target = (uid: string, file: string, existingFile: string | null = null, previousFile: string | null = null): DashboardTarget => ({ uid, title: `T ${uid}`, file, existingFile, previousFile });
const folders = new Map<string, string | null>([['pay-api', 'payments'], ['ledger', 'payments-sub'], ['ours', 'team'], ['moved', 'payments'], ['kept', 'payments']]);

function holdOut(dashboards: DashboardTarget[], named: string[] = []) {
  return holdOutExternalFolders({
    dashboards,
    display: (rel) => `dashboards/${rel}`,
    folderOf: (uid) => folders.get(uid),
    listed: (folderUid) => folderUid === 'payments' || folderUid === 'payments-sub',
    title: (folderUid) => (folderUid === 'payments' ? 'Payments "core"' : folderUid),
    taken: (uid) => named.includes(uid),
    configFile: 'dashsync.config.json',
    selection: undefined,
  });
}

describe('holdOutExternalFolders (fixl-67: a refresh pull or --all writes nothing into a folder externalFolders lists)', () => {
  it('leaves new files and moves into such a folder, one line each saying why and how to take it anyway', () => {
    const held = holdOut([target('pay-api', 'payments/pay-api.json'), target('ledger', 'payments/sub/ledger.json'), target('ours', 'team/ours.json'), target('moved', 'payments/moved.json', 'team/moved.json', 'team/moved.json')]);
    expect(held.dashboards.map((d) => d.uid)).toEqual(['ours']);
    expect(held.skipped.map((s) => s.uid)).toEqual(['pay-api', 'ledger', 'moved']);
    expect(held.skipped[0]!.why).toBe(
      'not written: Grafana has it in folder "Payments \\"core\\"" (payments), which "externalFolders" in dashsync.config.json lists (or a folder above it) as another tree\'s, ' +
        'and a directory of this tree may not hold such a folder. If this tree takes that folder over, remove it from "externalFolders" and dashsync pull pay-api again',
    );
    expect(held.skipped[2]!.why).toMatch(/^not moved \(dashboards\/team\/moved\.json is left as it is\): Grafana has it in folder /);
    expect(held.skipped.every((s) => s.externalFolder === true)).toBe(true);
  });

  it('writes one the pull names by uid, and leaves a file the tree holds where it is', () => {
    const held = holdOut([target('pay-api', 'payments/pay-api.json'), target('kept', 'payments/kept.json', 'payments/kept.json')], ['pay-api']);
    expect(held.dashboards.map((d) => d.uid)).toEqual(['pay-api', 'kept']);
    // rev-67c M1: the file written into the listed folder is named, with what the next plan does about it.
    expect(held.namedInto).toEqual([
      'dashboards/payments/pay-api.json goes into folder "Payments \\"core\\"" (payments), which "externalFolders" in dashsync.config.json lists (or a folder above it) as another tree\'s: ' +
        'the next plan stops on its directory until this tree takes that folder over (remove it from "externalFolders") or the file is removed',
    ]);
    expect(held.skipped).toEqual([]);
  });
});
