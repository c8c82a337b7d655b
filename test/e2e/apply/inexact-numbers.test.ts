import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture, dashsync, lines, writeJson } from '../plan/plan-fixture.js';

// dashsync read the file's 12345678901234567890 as a float and sent 12345678901234567000 (1e400 as null) without a
// word; plan compared floats, so it never said so either. Now the file is refused before anything is sent.
describe('apply of a file holding a number a 64-bit float cannot hold', () => {
  it.each(['11.2', '12', '13'] as const)('Grafana %s: refused with file:line:col, nothing sent; the number written as Grafana holds it applies and plans clean', async (grafanaVersion) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashboards/big.json', '{\n  "threshold": 12345678901234567890,\n  "title": "Big",\n  "uid": "big"\n}\n');

    const refused = await dashsync(handle, dir, ['apply']);

    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)[0]).toMatch(/^dashboards\/big\.json:2:16: error: the number 12345678901234567890 has more digits than a 64-bit float holds: it would reach Grafana as 12345678901234567000; .* \(number-inexact\)$/);
    expect(handle.requests()).toEqual([]);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/big')).status).toBe(404);

    await writeFile(join(dir, 'dashboards/big.json'), '{\n  "threshold": 12345678901234567000,\n  "title": "Big",\n  "uid": "big"\n}\n');
    const applied = await dashsync(handle, dir, ['apply']);
    expect(applied.code).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/big')).text).toContain('"threshold":12345678901234567000');
    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(lines(plan.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 4 unchanged.');
  });
});
