import { describe, expect, it, vi } from 'vitest';
import { generatedTree } from '../../helpers/generated-tree.js';
import { workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

describe('re-applying a large plan already done', () => {
  it('lists the first 20 unchanged outcomes and counts the rest on one line; the summary counts them all', async () => {
    const { sandbox, dir } = await generatedTree({ count: 30, seed: 3 });
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    expect((await workspace.cli(['apply', 'p.json'])).code).toBe(0);
    const again = await workspace.cli(['apply', 'p.json']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    const lines = again.stdout.split('\n').filter(Boolean);
    const listed = lines.filter((line) => /^unchanged: (folder )?\S+ "/.test(line));
    expect(listed).toHaveLength(20);
    const summary = /^Applied: 0 created, 0 updated, 0 moved, 0 deleted, 30 unchanged\. Folders: (\d+) unchanged$/.exec(lines.at(-1)!);
    expect(summary).not.toBeNull();
    expect(lines.at(-2)).toBe(`unchanged: ${30 + Number(summary![1]) - 20} more, already as the plan wants them (not listed one by one)`);
  });
});
