import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readUtf8File, readUtf8TextSync } from '../../../src/files/read-utf8-file.js';
import { makeTempTree, type TempTree } from './make-tree.js';

let tree: TempTree;
beforeEach(async () => {
  tree = await makeTempTree();
});
afterEach(async () => {
  await tree.cleanup();
});

describe('readUtf8TextSync', () => {
  it('reads what readUtf8File reads, or says why not in the same words: UTF-8 (a byte-order mark kept), one larger than the reused buffer, Latin-1, UTF-16, an empty file, a directory, a missing file', async () => {
    const files: Record<string, Buffer> = {
      'utf8.json': Buffer.from('{"title": "Übersicht 📈 & <b>"}\n'),
      'bom.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]),
      'large.json': Buffer.from(`{"a": "${'ü'.repeat(100_000)}"}`),
      'latin1.json': Buffer.concat([Buffer.from('{\n  "title": "Caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]),
      'utf16.json': Buffer.from('\ufeff{"a": 1}', 'utf16le'),
      'empty.json': Buffer.alloc(0),
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(tree.dir, name), bytes);
    await mkdir(join(tree.dir, 'dir.json'));
    for (const name of [...Object.keys(files), 'dir.json', 'missing.json']) {
      const path = join(tree.dir, name);
      const sync = readUtf8TextSync(path, `dashboards/${name}`);
      expect(sync, name).toEqual(await readUtf8File(path, `dashboards/${name}`));
      expect(sync.text === undefined, name).toBe(['latin1.json', 'utf16.json', 'dir.json', 'missing.json'].includes(name));
    }
    expect(readUtf8TextSync(join(tree.dir, 'bom.json'), 'b').text).toBe('\ufeff{}');
    expect(readUtf8TextSync(join(tree.dir, 'latin1.json'), 'dashboards/latin1.json').diagnostic).toMatchObject({ file: 'dashboards/latin1.json', line: 2, col: 16, rule: 'not-utf8' });
  });
});
