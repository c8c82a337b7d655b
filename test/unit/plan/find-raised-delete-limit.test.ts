import { describe, expect, it } from 'vitest';
import { findRaisedDeleteLimit } from '../../../src/plan/delete-limit.js';
import type { PlanWarning } from '../../../src/plan/types.js';
import { describeRaisedDeleteLimit } from '../../../src/report/describe-delete-limit.js';
import { action, plan } from './builders.js';

function deleting(count: number, warnings: PlanWarning[] = []) {
  return plan({ actions: Array.from({ length: count }, (_, i) => action({ action: 'delete', uid: `d${i}`, title: `D${i}` })), warnings });
}
const fromFlag = (configured: number) => ({ flag: true, configured: { maxDeletes: configured, file: 'dashsync.config.json' } });
const warned = (deletes: number, maxDeletes: number): PlanWarning => ({ kind: 'max-deletes', uid: null, deletes, maxDeletes });

describe('findRaisedDeleteLimit', () => {
  it("names the reviewed plan's limit before the config's, in each shell's words", () => {
    const raised = findRaisedDeleteLimit(deleting(3, [warned(3, 1)]), { maxDeletes: 20, maxDeletesFrom: fromFlag(2) });
    expect(raised).toEqual({ deletes: 3, exceeded: { by: 'plan', maxDeletes: 1 }, allowed: { maxDeletes: 20, from: fromFlag(2) } });
    expect(describeRaisedDeleteLimit(raised!, 'action')).toBe(
      "3 deletes exceed maxDeletes 1, the limit the plan was made with (its warning said apply would refuse them); the apply step's args: --max-deletes 20 lets them through",
    );
  });

  it("the config's limit an environment sets, raised by the flag; one delete in the singular", () => {
    const from = { flag: true, configured: { maxDeletes: 0, file: 'dashsync.config.json', environment: 'production' } };
    const raised = findRaisedDeleteLimit(deleting(1), { maxDeletes: 5, maxDeletesFrom: from });
    expect(describeRaisedDeleteLimit(raised!, 'cli')).toBe('1 delete exceeds maxDeletes 0 of environment "production" in dashsync.config.json; --max-deletes 5 lets it through');
  });

  it('says nothing within every limit, without a flag and no warning, or over this run\'s limit (apply refuses it instead)', () => {
    expect(findRaisedDeleteLimit(deleting(2), { maxDeletes: 20, maxDeletesFrom: fromFlag(2) })).toBeNull();
    expect(findRaisedDeleteLimit(deleting(3), { maxDeletes: 20, maxDeletesFrom: { flag: false, configured: { maxDeletes: 20 } } })).toBeNull();
    expect(findRaisedDeleteLimit(deleting(3, [warned(3, 1)]), { maxDeletes: 2, maxDeletesFrom: fromFlag(1) })).toBeNull();
    expect(findRaisedDeleteLimit(deleting(0), { maxDeletes: 0 })).toBeNull();
  });
});
