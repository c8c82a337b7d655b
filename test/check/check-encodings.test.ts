import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';

/** Files whose bytes check must read exactly: Latin-1, UTF-16, a key twice, a UTF-8 byte-order mark. */
const FILES: Record<string, Buffer> = {
  'dashboards/latin1.json': Buffer.concat([Buffer.from('{\n  "title": "Caf'), Buffer.from([0xe9]), Buffer.from('",\n  "uid": "latin1"\n}\n')]),
  'dashboards/wide.json': Buffer.from('\uFEFF{\n  "title": "Wide",\n  "uid": "wide"\n}\n', 'utf16le'),
  'dashboards/twice.json': Buffer.from('{\n  "title": "First",\n  "uid": "twice",\n  "title": "Second"\n}\n'),
  'dashboards/bom.json': Buffer.from('\uFEFF{\n  "title": "Bom",\n  "uid": "bom"\n}\n'),
  // As Git for Windows checks a file out with core.autocrlf=true.
  'dashboards/crlf.json': Buffer.from('{\r\n  "title": "Crlf",\r\n  "uid": "crlf"\r\n}\r\n'),
};

async function tree(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-encodings-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  for (const [file, bytes] of Object.entries(FILES)) await writeFile(join(dir, file), bytes);
  return dir;
}

const EXPECTED = [
  'dashboards/bom.json:1:1: warning: file starts with a UTF-8 byte-order mark (accepted, but not canonical); run `dashsync check --fix` to remove it (not-canonical)',
  "dashboards/crlf.json:1:2: warning: file has CRLF line endings and is otherwise canonical (git's core.autocrlf?); add `*.json text eol=lf` to .gitattributes so checkouts keep LF, or run `dashsync check --fix` (not-canonical)",
  'dashboards/latin1.json:2:16: error: the file is not UTF-8: byte 0xE9 here is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8 (not-utf8)',
  'dashboards/twice.json:4:3: error: key "title" appears twice in one object (first at line 2, col 3); JSON keeps only the last value silently: remove one (json-duplicate-key)',
  'dashboards/wide.json:1:1: error: the file is UTF-16 (little-endian, with a byte-order mark), not UTF-8: save it as UTF-8 (not-utf8)',
];

describe('dashsync check: encodings and repeated keys', () => {
  it('reports a Latin-1 byte at its line:col, says UTF-16, and names a repeated key at the second one', async () => {
    const dir = await tree();
    const result = await runCliInProcess(['check'], { cwd: dir });
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(EXPECTED);
    expect(result.stderr).toBe('check: 5 dashboards, 3 errors, 2 warnings\n');
    expect(result.code).toBe(1);
  });

  it('--fix never rewrites a file that is not UTF-8 or holds a key twice (no U+FFFD, no dropped key); it removes a byte-order mark', async () => {
    const dir = await tree();
    const result = await runCliInProcess(['check', '--fix'], { cwd: dir });
    expect(result.stderr).toBe('fixed dashboards/bom.json: removed the byte-order mark\nfixed dashboards/crlf.json: reformatted\ncheck: 5 dashboards, 3 errors, 0 warnings, 2 fixed\n');
    expect(result.code).toBe(1);
    for (const file of ['dashboards/latin1.json', 'dashboards/wide.json', 'dashboards/twice.json']) {
      expect(await readFile(join(dir, file)), file).toEqual(FILES[file]);
    }
    expect(await readFile(join(dir, 'dashboards/bom.json'), 'utf8')).toBe('{\n  "title": "Bom",\n  "uid": "bom"\n}\n');
    expect(await readFile(join(dir, 'dashboards/crlf.json'), 'utf8')).toBe('{\n  "title": "Crlf",\n  "uid": "crlf"\n}\n');
  });
});
