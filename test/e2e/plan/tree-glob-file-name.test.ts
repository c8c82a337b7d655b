import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { dashsync, lines, writeJson } from './plan-fixture.js';

/** A file whose name holds a glob character class, and a file that class matches. */
const FILES: Record<string, object> = {
  'dashboards/ops/[draft].json': { panels: [], schemaVersion: 39, title: 'Draft', uid: 'draft' },
  'dashboards/ops/a.json': { panels: [], schemaVersion: 39, title: 'A', uid: 'a' },
};

// tree-56's walk: docs/check-rules.md says glob-file-name is "also said in a plan", but the plan dropped it, so
// `plan --include 'ops/[draft].json'` deployed ops/a.json too without a word ("[draft]" is one of d, r, a, f, t).
describe('plan: an include that is a file name holding glob characters', () => {
  it('says it selects other files too, and how to name the file alone; the escaped glob plans the file alone, without a word', async () => {
    const dir = await emptyWorkspace();
    for (const [file, document] of Object.entries(FILES)) await writeJson(dir, file, document);
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const plan = await dashsync(handle, dir, ['plan', '--include', 'ops/[draft].json']);
    expect(lines(plan.stdout).filter((line) => line.startsWith('  ! ') || line.startsWith('Plan:'))).toEqual([
      '  ! --include: include glob "ops/[draft].json" (--include) is the name of the file ops/[draft].json, but as a glob it selects ops/a.json too; ' +
        'write "ops/\\[draft\\].json" to name that file alone (a "\\" before a glob character makes it literal) (glob-file-name)',
      'Plan: 2 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged. Folders: 1 to create.',
    ]);
    const warning = JSON.parse((await dashsync(handle, dir, ['plan', '--include', 'ops/[draft].json', '--format', 'json'])).stdout).warnings;
    expect(warning.map((w: { rule?: string }) => w.rule)).toEqual(['glob-file-name']);
    const alone = await dashsync(handle, dir, ['plan', '--include', 'ops/\\[draft\\].json']);
    expect(lines(alone.stdout).filter((line) => line.startsWith('  ! ') || line.startsWith('Plan:'))).toEqual([
      'Plan: 1 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged. Folders: 1 to create.',
    ]);
  });
});
