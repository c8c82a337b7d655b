import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/types.js';
import { addAccessNotes } from '../../../src/plan/add-access-notes.js';
import { describeWarningsIn } from '../../../src/report/describe-warning.js';
import { action, folderAction, plan } from '../plan/builders.js';

// fixq-66 left: the apply's refusal names what the plan writes (review-66b L3); the plan's warning said "save or delete a dashboard" whatever it wrote.
const readOnlyLine = (actions: Plan['actions']) => {
  const noted = addAccessNotes(plan({ actions }), { trashedUids: null, writeAccess: 'none' });
  const warning = noted.warnings.find((each) => each.kind === 'read-only');
  return { warning, line: warning === undefined ? undefined : describeWarningsIn(undefined)(warning) };
};

describe('the read-only warning names the writes the plan makes, as the apply that refuses it does', () => {
  it('a plan of dashboards alone keeps its words and its JSON', () => {
    const { warning, line } = readOnlyLine([action({ uid: 'cpu', action: 'create' })]);
    expect(warning).toEqual({ kind: 'read-only', uid: null, orgId: null });
    expect(line).toContain("to save or delete a dashboard in their org (no dashboards:create, dashboards:write or dashboards:delete: a Viewer's, with no folder granting more)");
  });

  it('a plan that writes folders says so, and lists the folder permissions it looked for', () => {
    const { warning, line } = readOnlyLine([folderAction({ uid: 'ops', action: 'create' }), action({ uid: 'cpu', action: 'create', folderUid: 'ops' })]);
    expect(warning).toMatchObject({ writes: ['folder', 'dashboard'] });
    expect(line).toContain(
      'to write a dashboard or folder in their org (no dashboards:create, dashboards:write, dashboards:delete, folders:create, folders:write or folders:delete: ' +
        "a Viewer's, with no folder granting more): they can plan but not apply (HTTP 403)",
    );
  });
});
