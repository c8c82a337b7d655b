import { describe, expect, it } from 'vitest';
import { noteReadOnlyToken } from '../../src/action/note-read-only-token.js';
import { folderAction, plan } from '../unit/plan/builders.js';

// review-66b L3: the read-only judgement covers folders and library panels (writeAccessOf); the note and the "token can write" warning too.
describe('noteReadOnlyToken of a plan that writes folders only', () => {
  const folders = plan({ actions: [folderAction({ uid: 'team', action: 'create' })], warnings: [{ kind: 'read-only', uid: null, orgId: null }] });

  it('words the note by what the plan writes', () => {
    const noted = noteReadOnlyToken(folders, null);
    expect(noted.warnings.map((warning) => ('message' in warning ? warning.message : warning.kind))).toEqual([
      "read-only token, as input read-only-token says: Grafana lists no permission for it to write a folder in its org; applying this plan needs a token that can write (the apply job's own)",
    ]);
  });

  it('warns that the token can write where Grafana lists a folder write for it, as the apply would judge it', () => {
    const noted = noteReadOnlyToken(plan({ actions: folders.actions }), { 'folders:create': ['folders:*'], 'dashboards:read': ['dashboards:*'] });
    expect(noted.warnings.map((warning) => ('message' in warning ? warning.message : warning.kind))).toEqual([expect.stringMatching(/^token can write: input read-only-token says this step's Grafana token cannot write, but Grafana lists folders:create for it in its org /)]);
  });
});
