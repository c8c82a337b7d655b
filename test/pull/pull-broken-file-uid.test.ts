import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, editInUi, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

const CUT = '{\n  "panels": [\n    {\n';

/** cpu pulled into dashboards/platform/node-cpu.json and committed, then that file cut off before its uid. */
async function cutBeforeUid() {
  const handle = await startTestSandbox({ grafanaVersion: '13' });
  await createFolder(handle, { uid: 'plat', title: 'Platform' });
  await saveDashboard(handle, { uid: 'cpu', title: 'Node CPU', panels: [] }, 'plat');
  const work = await makeWorkDir();
  expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
  await commitAll(work);
  await writeFile(join(work, 'dashboards/platform/node-cpu.json'), CUT);
  return { handle, work };
}

describe('dashsync pull: a tree file with a JSON syntax error before its uid', () => {
  it('leaves that dashboard alone instead of writing it a second file, in a refresh and in pull <uid>', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await createFolder(handle, { uid: 'plat', title: 'Platform' });
    await saveDashboard(handle, { uid: 'cpu', title: 'Node CPU', panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] }, 'plat');
    await saveDashboard(handle, { uid: 'mem', title: 'Memory', panels: [] }, 'plat');
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    await commitAll(work);
    const file = join(work, 'dashboards/platform/node-cpu.json');
    const committed = await readFile(file, 'utf8');
    expect(committed.indexOf('"panels": [')).toBeLessThan(committed.indexOf('"uid": "cpu"'));
    const broken = committed.replace('"panels": [', '"panels": [,');
    await writeFile(file, broken);
    await editInUi(handle, 'cpu', 'edited in the UI');

    const runs: [string[], string][] = [
      [['pull'], 'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.'],
      [['pull', 'cpu'], 'Pull: 0 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.'],
      [['pull', '--all'], 'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.'],
      [['pull', '--dry-run'], 'Pull (dry run, nothing written): 0 to create, 0 to update, 0 to move, 1 unchanged, 0 to delete.'],
    ];
    for (const [args, summary] of runs) {
      const pulled = await dashsync(handle, work, args);

      expect(lines(pulled.stderr), args.join(' ')).toEqual([
        expect.stringMatching(/^dashboards\/platform\/node-cpu\.json:\d+:\d+: warning: .*; this file is left as it is \(json-syntax\)$/),
        'note: cpu ("Node CPU") lives in dashboards/platform/node-cpu.json, which has errors (see above): not pulled; fix the file, then pull again',
      ]);
      expect(lines(pulled.stdout), args.join(' ')).toEqual([summary]);
      expect(pulled.code, args.join(' ')).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(broken);
      expect((await walkFiles(join(work, 'dashboards'))).map((f) => f.path)).toEqual(['platform/_folder.json', 'platform/memory.json', 'platform/node-cpu.json']);
    }
  });

  it('says the new file may be the same dashboard when the broken file beside it names no uid', async () => {
    const { handle, work } = await cutBeforeUid();

    const pulled = await dashsync(handle, work, ['pull']);

    expect(lines(pulled.stderr)).toEqual([
      expect.stringMatching(/^dashboards\/platform\/node-cpu\.json:\d+:\d+: warning: .*; this file is left as it is \(json-syntax\)$/),
      'note: dashboards/platform/node-cpu-cpu.json is new beside dashboards/platform/node-cpu.json, which does not parse and may hold cpu ("Node CPU"): if it does, delete the new file, fix dashboards/platform/node-cpu.json, then dashsync pull cpu',
    ]);
    expect(lines(pulled.stdout)).toEqual(['created  dashboards/platform/node-cpu-cpu.json', 'Pull: 1 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.']);
    expect(await readFile(join(work, 'dashboards/platform/node-cpu.json'), 'utf8')).toBe(CUT);
  });

  it('a dry run says the file would be new, and to fix the broken one first (nothing to delete)', async () => {
    const { handle, work } = await cutBeforeUid();

    const pulled = await dashsync(handle, work, ['pull', '--dry-run']);

    expect(lines(pulled.stderr)[1]).toBe(
      'note: dashboards/platform/node-cpu-cpu.json would be new beside dashboards/platform/node-cpu.json, which does not parse and may hold cpu ("Node CPU"): if it does, fix dashboards/platform/node-cpu.json first, then dashsync pull cpu (no second file then)',
    );
    expect((await walkFiles(join(work, 'dashboards'))).map((f) => f.path)).toEqual(['platform/_folder.json', 'platform/node-cpu.json']);
    expect(pulled.code).toBe(0);
  });
});
