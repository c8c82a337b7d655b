import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// audit-4 F13: a tree pretty-printed by another tool (indent 4, unsorted keys) is one not-canonical warning per file;
// the summary must not end a wall of 2,000 alike lines, and the one error among them must not drown.
describe('dashsync check on 60 not-canonical files and 25 broken ones', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-check-long-'));
    await mkdir(join(dir, 'dashboards'));
    for (let i = 0; i < 60; i += 1) {
      const uid = `gen-${String(i).padStart(2, '0')}`;
      await writeFile(join(dir, 'dashboards', `${uid}.json`), `${JSON.stringify({ uid, title: `Generated ${i}`, schemaVersion: 39, panels: [] }, null, 4)}\n`);
    }
    for (let i = 0; i < 25; i += 1) await writeFile(join(dir, 'dashboards', `broken-${String(i).padStart(2, '0')}.json`), '{"uid": "x",}\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints every error, the first 20 not-canonical warnings and one line naming --fix for the other 40', async () => {
    const result = await runCli(['check'], { cwd: dir });

    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.endsWith('(json-syntax)'))).toHaveLength(25);
    expect(lines.filter((line) => line.endsWith('(not-canonical)'))).toHaveLength(20);
    expect(lines.at(-1)).toBe('… and 40 more not-canonical warnings (--verbose lists every one): dashsync check --fix rewrites them');
    expect(lines).toHaveLength(46);
    expect(result.stderr).toBe('check: 85 dashboards, 25 errors, 60 warnings\n');
  });

  it('lists all 60 with --verbose', async () => {
    const result = await runCli(['check', '--verbose'], { cwd: dir });

    expect(result.stdout.trimEnd().split('\n').filter((line) => line.endsWith('(not-canonical)'))).toHaveLength(60);
    expect(result.stdout).not.toContain('more not-canonical');
  });
});
