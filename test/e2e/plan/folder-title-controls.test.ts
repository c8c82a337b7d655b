import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { copyFixture, dashsync, writeJson } from './plan-fixture.js';

vi.setConfig({ testTimeout: 180_000 });

const ESCAPE_IN_TITLE = 'Ops\u001b[31m\u202e';
const ESCAPE_IN_NAME = 'e\u001b[2Jdir';
/** Every character the escaping turns into a visible escape that these titles hold. */
const RAW = /[\u001b\u202e]/;

// fixa-73 (walk-72's open case): a folder title holding control characters, from a _folder.json or from a directory's name,
// is treated as a dashboard title holding them is: check and plan accept it, every line shows it escaped, and apply writes
// it as the tree has it (pull writes such a title into _folder.json as Grafana holds it, so refusing it would refuse a
// pulled tree).
describe('a folder title holding control characters, as a dashboard title holding them', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion: '12' });
  });
  afterAll(() => sandbox.close());

  it('is checked, planned and applied as written, and shown escaped on every line', async () => {
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashboards/ops/_folder.json', { uid: 'ops', title: ESCAPE_IN_TITLE });
    await writeJson(dir, 'dashboards/ops/ops.json', { uid: 'ops-board', title: `Board ${ESCAPE_IN_TITLE}`, panels: [], schemaVersion: 39 });
    await mkdir(join(dir, 'dashboards', ESCAPE_IN_NAME));
    await writeJson(dir, `dashboards/${ESCAPE_IN_NAME}/c.json`, { uid: 'c-board', title: 'C', panels: [], schemaVersion: 39 });

    const checked = await runCliInProcess(['check'], { cwd: dir });
    expect(checked.code, checked.stdout).toBe(0);
    expect(RAW.test(checked.stdout + checked.stderr)).toBe(false);

    const planned = await dashsync(sandbox, dir, ['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('+ folder-create folder "Ops\\x1b[31m\\u202e" (uid ops)\n');
    expect(planned.stdout).toMatch(/\+ folder-create folder "e\\x1b\[2Jdir" \(uid ds-e-2jdir-[0-9a-f]{8}\)\n/);
    expect(RAW.test(planned.stdout + planned.stderr)).toBe(false);

    const applied = await dashsync(sandbox, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(RAW.test(applied.stdout + applied.stderr)).toBe(false);
    expect((await apiRequest(sandbox, 'GET', '/api/folders/ops')).body).toMatchObject({ title: ESCAPE_IN_TITLE });

    // Written as the tree has it, so the next plan has nothing to do.
    const again = await dashsync(sandbox, dir, ['plan', '--detailed-exitcode']);
    expect([again.code, again.stderr]).toEqual([0, '']);
  });
});
