import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

// Grafana over MySQL compares uids without case: a committed abc.json and Grafana's ABC are one dashboard there (a
// read of abc answers ABC). Before the fix `pull --prune` deleted abc.json as "not in Grafana", and `pull ABC` wrote
// a second file beside it.

const cases: { grafanaVersion: GrafanaVersion; api: string }[] = [
  { grafanaVersion: '12', api: 'legacy' },
  { grafanaVersion: '12', api: 'auto' },
  { grafanaVersion: '13', api: 'auto' },
];

const LINE =
  'dashboards/abc.json: error: uid "abc" differs only in case from the dashboard "ABC" in Grafana, which compares uids without case when it runs on MySQL ' +
  '(a read of "abc" answers "ABC"): pull neither deletes this file nor writes "ABC" beside it; ' +
  'give the file the uid "ABC" and pull again, or rename or delete "ABC" in Grafana (uid-case-twin-in-grafana)';

async function treeWithAbc(): Promise<string> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashboards', 'abc.json'), `${JSON.stringify({ uid: 'abc', title: 'Lower', schemaVersion: 42, panels: [] }, null, 2)}\n`);
  await commitAll(dir);
  return dir;
}
const files = async (dir: string) => (await walkFiles(join(dir, 'dashboards'))).map((file) => file.path).sort();

describe.each(cases)('pull against Grafana $grafanaVersion (api $api) holding ABC, with abc.json committed', ({ grafanaVersion, api }) => {
  it('over MySQL: pull --prune and pull ABC keep abc.json, write nothing beside it, and say why in one line', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    await saveDashboard(s, { uid: 'ABC', title: 'Upper', schemaVersion: 42 });
    const dir = await treeWithAbc();
    const before = await files(dir);
    for (const args of [['pull', '--api', api, '--prune'], ['pull', '--api', api, 'ABC']]) {
      const result = await dashsync(s, dir, args);
      expect(result.stderr.split('\n').filter((line) => line.includes('abc'))).toEqual([LINE]);
      expect(result.stdout).not.toMatch(/deleted dashboards/);
      expect(result.code).toBe(1);
      expect(await files(dir)).toEqual(before);
    }
    expect(existsSync(join(dir, 'dashboards', 'abc.json'))).toBe(true);
  });

  it('on SQLite, where abc reads as absent, pull --prune deletes abc.json and writes ABC as before', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await saveDashboard(s, { uid: 'ABC', title: 'Upper', schemaVersion: 42 });
    const dir = await treeWithAbc();
    const result = await dashsync(s, dir, ['pull', '--api', api, '--all', '--prune']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(await files(dir)).toEqual(['upper.json']);
  });
});
