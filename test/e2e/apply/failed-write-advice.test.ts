import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const model = (uid: string) => ({ uid, title: uid, schemaVersion: 39, panels: [] });

// audit-ux-12 U7: a failed write ended the apply with its `failed:` line and the summary, and no word of the way forward
// (applying the same plan again finishes it, as the "stopped" and "interrupted" lines say).
describe('an apply that ends with a failed write', () => {
  it('ends with the line that applying the same plan again finishes it; doing so does', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    for (const uid of ['one', 'two']) await writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify(model(uid), null, 2)}\n`);
    await commitAll(dir, 'two dashboards');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect((await cli(['plan', '--api', 'legacy', '--out', 'p.json'])).code).toBe(0);
    // One save refused with an error that is not retried: that change fails, the other is made.
    handle.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 400, message: 'database is locked' }] });

    const failed = await cli(['apply', '--api', 'legacy', '--concurrency', '1', 'p.json']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('failed: create one "one": ');
    expect(failed.stderr.trimEnd().split('\n').at(-1)).toBe(
      '1 planned change failed (its line is above); once the cause is fixed or has passed (a 429 or 5xx often does), run dashsync apply --api legacy p.json again to finish (what is done is skipped)',
    );

    const again = await cli(['apply', '--api', 'legacy', 'p.json']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toContain('created: one "one"');
  });
});
