import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

// walkthrough-17 L-4: a folder titled with an OSC 8 link became `ops-8-https-evil-sre-8/`, a title with a blink CSI
// `shared-cpu-5mblink-0m.json`: the URL of a hostile title landed in a directory name in git.
describe('pull names files of titles holding terminal control sequences as a terminal shows the title (Grafana 13)', () => {
  let handle: SandboxHandle;
  beforeAll(async () => {
    handle = await startTestSandbox({ grafanaVersion: '13' });
    const ops = await createFolder(handle, { uid: 'ops', title: 'Ops \u001b]8;;https://evil/\u0007SRE\u001b]8;;\u0007' });
    await saveDashboard(handle, { uid: 'cpu', title: 'Shared CPU \u001b[5mblink\u001b[0m', panels: [] }, ops);
  });
  afterAll(() => handle?.close());

  it('pull --all: each sequence goes whole, no URL or `5m` is left in a name', async () => {
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull', '--all']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect((await walkFiles(join(work, 'dashboards'))).map((file) => file.path)).toEqual(['ops-sre/_folder.json', 'ops-sre/shared-cpu-blink.json']);
  });

  it('a tree pulled before, under the names with debris, keeps them: pull follows the uids', async () => {
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--all'])).code).toBe(0);
    await rename(join(work, 'dashboards/ops-sre/shared-cpu-blink.json'), join(work, 'dashboards/ops-sre/shared-cpu-5mblink-0m.json'));
    await rename(join(work, 'dashboards/ops-sre'), join(work, 'dashboards/ops-8-https-evil-sre-8'));
    await commitAll(work, 'named as an older dashsync named them');

    const pulled = await dashsync(handle, work, ['pull']);
    expect([pulled.code, pulled.stderr, pulled.stdout]).toEqual([0, '', 'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.\n']);
    expect((await walkFiles(join(work, 'dashboards'))).map((file) => file.path)).toEqual(['ops-8-https-evil-sre-8/_folder.json', 'ops-8-https-evil-sre-8/shared-cpu-5mblink-0m.json']);
  });
});
