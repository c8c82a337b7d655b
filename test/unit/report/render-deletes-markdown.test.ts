import { describe, expect, it } from 'vitest';
import { emptyApplyResult } from '../../../src/apply/types.js';
import type { Plan } from '../../../src/plan/types.js';
import { renderDeletesMarkdown } from '../../../src/report/render-deletes-markdown.js';

// audit-ux-20 L-3: the Action's job summary counted the deletes and named none of them.
type Action = Plan['actions'][number];
const deleteOf = (kind: Action['kind'], uid: string, title: string): Action =>
  ({ kind, action: 'delete', uid, title, file: null, folderUid: null, changes: [], dependsOn: [] }) as unknown as Action;
const planOf = (actions: Action[]) => ({ actions }) as unknown as Plan;

describe("the job summary's list of what an apply deleted", () => {
  it('names each delete by kind, uid and title, with its backup, escaped as markdown', () => {
    const result = {
      ...emptyApplyResult(),
      deleted: ['uimade'],
      libraryPanelsDeleted: ['lp-req'],
      foldersDeleted: ['ops'],
      backups: ['/repo/.dashsync/backups/uimade/2026-12-04T22-00-00-000Z-v3.json', '/repo/.dashsync/backups/library-panels/lp-req/2026-12-04T22-00-00-000Z-v1.json'],
    };
    const plan = planOf([deleteOf('dashboard', 'uimade', 'Made in UI @octo/admins <b>*x*</b>'), deleteOf('library-panel', 'lp-req', 'Requests'), deleteOf('folder', 'ops', 'Ops')]);
    expect(renderDeletesMarkdown(result, plan, '/repo')).toEqual([
      '<details><summary>Deleted (3)</summary>',
      '',
      '- dashboard `uimade` "Made in UI @&#8203;octo/admins &lt;b&gt;\\*x\\*&lt;/b&gt;", backup `.dashsync/backups/uimade/2026-12-04T22-00-00-000Z-v3.json`',
      '- library panel `lp-req` "Requests", backup `.dashsync/backups/library-panels/lp-req/2026-12-04T22-00-00-000Z-v1.json`',
      '- folder `ops` "Ops"',
      '',
      '</details>',
      '',
    ]);
  });

  it('names the first 20, then counts the rest; nothing when nothing was deleted', () => {
    const uids = Array.from({ length: 23 }, (_, i) => `d${i}`);
    const lines = renderDeletesMarkdown({ ...emptyApplyResult(), deleted: uids }, planOf(uids.map((uid) => deleteOf('dashboard', uid, uid))), '/repo');
    expect(lines.filter((line) => line.startsWith('- dashboard '))).toHaveLength(20);
    expect(lines).toContain('- … and 3 more (the log names each)');
    expect(renderDeletesMarkdown(emptyApplyResult(), planOf([]), '/repo')).toEqual([]);
  });
});
