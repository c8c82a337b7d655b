import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useFileBytes } from '../../../src/files/read-file-bytes.js';
import { readDashboardFile } from '../../../src/files/read-dashboard-file.js';
import { useUtf8FileSync } from '../../../src/files/read-utf8-file.js';
import { makeTempTree, type TempTree } from './make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('useFileBytes: whole files through one reused buffer', () => {
  it('hands over every byte of files smaller and larger than the buffer, one after another, a large one after a small one', async () => {
    const small = '{"a": 1}';
    const large = `{"x": "${'é'.repeat(300_000)}"}`; // 600 KB: the buffer grows
    const huge = `{"y": "${'z'.repeat(3_000_000)}"}`; // past the size that is kept for reuse
    tree = await makeTempTree({ 'small.json': small, 'large.json': large, 'huge.json': huge, 'empty.json': '' });
    for (const [name, text] of [['small.json', small], ['large.json', large], ['huge.json', huge], ['small.json', small], ['empty.json', '']] as const) {
      const seen = useFileBytes(join(tree.dir, name), (bytes) => ({ length: bytes.length, digest: digest(bytes) }));
      expect(seen).toEqual({ length: Buffer.byteLength(text), digest: digest(Buffer.from(text)) });
    }
  });

  it('throws what readFileSync throws for a missing file or a directory, and a dashboard read says so', async () => {
    tree = await makeTempTree({ 'dir/a.json': '{}' });
    expect(() => useFileBytes(join(tree!.dir, 'missing.json'), (bytes) => bytes.length)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => useFileBytes(join(tree!.dir, 'dir'), (bytes) => bytes.length)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(readDashboardFile(join(tree.dir, 'dir'), 'dashboards/dir', { inputs: {} }).diagnostics).toEqual([
      { file: 'dashboards/dir', severity: 'error', rule: 'file-unreadable', message: 'cannot read the file (EISDIR): it is a directory, not a file' },
    ]);
  });

  it('useUtf8FileSync: what its callback throws is thrown, not taken for a file that cannot be read', async () => {
    tree = await makeTempTree({ 'a.json': '{}' });
    const use = (absPath: string, read: (file: { text: string; bytes: Uint8Array }) => unknown) => useUtf8FileSync<unknown>(absPath, 'a.json', read, (diagnostic) => ({ diagnostic }));
    expect(() => use(join(tree!.dir, 'a.json'), () => { throw new Error('a bug'); })).toThrow('a bug');
    expect(use(join(tree.dir, 'a.json'), ({ text, bytes }) => ({ text, length: bytes.length }))).toEqual({ text: '{}', length: 2 });
    expect(use(join(tree.dir, 'missing.json'), () => 'read')).toMatchObject({ diagnostic: { rule: 'file-unreadable' } });
  });
});
