import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readDesired } from '../../../src/plan/read-desired.js';

const SETTINGS = { inputs: {}, minRefreshInterval: '5s' };

async function fileHolding(text: string): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'dashsync-read-desired-'));
  onTestFinished(() => rm(cwd, { recursive: true, force: true }));
  await writeFile(join(cwd, 'a.json'), text);
  return cwd;
}

describe('readDesired: the depth scan is spared only for the bytes the tree pass checked', () => {
  it('a file edited since the tree pass into JSON nested 1,001 deep is one json-syntax line, not a stack overflow', async () => {
    const deep = `{"uid":"a","title":"A","panels":[],"x":${'['.repeat(1001)}${']'.repeat(1001)}}`;
    const cwd = await fileHolding(deep);
    const read = readDesired('a.json', { ...SETTINGS, cwd }, 'sha256:of-the-bytes-the-tree-pass-read');
    await expect(read).rejects.toBeInstanceOf(InputError);
    await expect(read).rejects.toMatchObject({ diagnostics: [{ file: 'a.json', rule: 'json-syntax', message: expect.stringContaining('nested deeper than 1000 levels') }] });
  });

  it('the checked bytes read again give the same content and digest as an unchecked read', async () => {
    const cwd = await fileHolding('{"uid":"a","title":"A","panels":[{"id":1,"type":"timeseries","gridPos":{"x":0,"y":0,"w":12,"h":8}}]}\n');
    const unchecked = await readDesired('a.json', { ...SETTINGS, cwd });
    const checked = await readDesired('a.json', { ...SETTINGS, cwd }, unchecked.hash);
    expect(checked).toEqual(unchecked);
  });
});
