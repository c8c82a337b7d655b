import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findInexactNumber, mayHoldInexactNumber } from '../../src/files/find-inexact-number.js';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';

// Found by the nothing-lost audit: check --fix rewrote a file through JSON.parse, so a number a 64-bit float
// cannot hold came back as another number (12345678901234567890 → 12345678901234567000) or as null (1e400).
describe('check --fix and numbers it cannot write back exactly', () => {
  async function tree(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-fix-numbers-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashsync.config.json'), '{}\n');
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'dashboards', name), text);
    return dir;
  }

  it('leaves such a file as it is and names the number (file:line:col); fixes the others', async () => {
    const files = {
      'big.json': '{"id": 5, "uid": "big", "title": "Big",\n "threshold": 12345678901234567890}\n',
      'huge.json': '{"id": 6, "uid": "huge", "title": "Huge", "max": 1e400}\n',
      'fine.json': '{"id": 7, "uid": "fine", "title": "Fine", "step": 1.10, "big": 100000000000000000000}\n',
    };
    const dir = await tree(files);

    const result = await runCli(['check', '--fix'], { cwd: dir });

    expect(await readFile(join(dir, 'dashboards/big.json'), 'utf8')).toBe(files['big.json']);
    expect(await readFile(join(dir, 'dashboards/huge.json'), 'utf8')).toBe(files['huge.json']);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/fine.json'), 'utf8'))).toEqual({ uid: 'fine', title: 'Fine', step: 1.1, big: 1e20 });
    expect(result.stderr).toContain('not fixed dashboards/big.json:2:15: the number 12345678901234567890 cannot be written back exactly');
    expect(result.stderr).toContain('not fixed dashboards/huge.json:1:50: the number 1e400 cannot be written back exactly');
    expect(result.stderr).toContain('fixed dashboards/fine.json: reformatted, removed id');
  });

  // 0.30000000000000001 is the float 0.3 (findInexactNumber does not report it: nothing is lost), but --fix changes its
  // text: it said only "reformatted". Now the line says which number it wrote otherwise.
  it('says so when the rewrite writes a number otherwise (the same float)', async () => {
    const text = '{\n  "ratio": 1.0,\n  "step": 0.30000000000000001,\n  "title": "S",\n  "uid": "s"\n}\n';
    const dir = await tree({ 's.json': text });

    const result = await runCli(['check', '--fix'], { cwd: dir });

    expect(await readFile(join(dir, 'dashboards/s.json'), 'utf8')).toBe('{\n  "ratio": 1,\n  "step": 0.3,\n  "title": "S",\n  "uid": "s"\n}\n');
    expect(result.stderr).toContain(
      "fixed dashboards/s.json: reformatted, wrote the number 1.0 as 1 (and 1 more): the same 64-bit float, one number to Grafana's UI, Grafana 12+ and dashsync\n",
    );
  });

  it('says nothing of a file that needs no fix', async () => {
    const text = '{\n  "threshold": 12345678901234567890,\n  "title": "Big",\n  "uid": "big"\n}\n';
    const dir = await tree({ 'big.json': text });
    const result = await runCli(['check', '--fix'], { cwd: dir });
    expect(result.stderr).not.toContain('not fixed');
    expect(await readFile(join(dir, 'dashboards/big.json'), 'utf8')).toBe(text);
  });

  it('tells a changed number from a changed form', () => {
    expect(findInexactNumber('{"a":1.10,"b":1e2,"c":-0,"d":0.30000000000000004,"s":"12345678901234567890","m":5e-324}')).toBeUndefined();
    expect(findInexactNumber('{"a":[1,{"b":9007199254740993}]}')).toEqual({ literal: '9007199254740993', offset: 13 });
    // Zero to Grafana 12+ as well, as the walk (mayHoldInexactNumber) judges; in a text that also holds a real one.
    expect(findInexactNumber('{"a":1e-400,"b":0.30000000000000001,"c":1e400}')?.literal).toBe('1e400');
  });

  it('passes over a parsed value that cannot hold such a number without scanning its text', () => {
    const holds = (text: string) => mayHoldInexactNumber(JSON.parse(text));
    expect(holds('{"a":[1,2.5,-0,0.1,1.5e-7,{"b":9007199254740991}],"s":"12345678901234567890"}')).toBe(false);
    expect(holds('{"a":[{"b":9007199254740993}]}')).toBe(true);
    expect(holds('{"a":12345678901234567890}')).toBe(true);
    expect(holds('{"a":1e400}')).toBe(true);
    expect(holds('{"a":3.14159265358979323846}')).toBe(true);
  });
});
