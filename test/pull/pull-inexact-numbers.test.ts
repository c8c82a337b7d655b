import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, git, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

const post = (dashboard: string) => `{"dashboard":${dashboard},"overwrite":true}`;

// Grafana 11.2 keeps a dashboard's numbers as their text (simplejson UseNumber): 12345678901234567890 comes back
// exactly. pull read it as a float and wrote 12345678901234567000 without a word, and the next plan pushed that back.
describe('pull of a dashboard holding a number a 64-bit float cannot hold, Grafana 11.2', () => {
  it('writes nothing of it, says so in one line naming the uid and where the number is, exit 1; the rest is pulled', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    await saveDashboard(sandbox, { uid: 'plain', title: 'Plain', panels: [] });
    const big = post('{"uid":"big","title":"Big","panels":[{"id":1,"fieldConfig":{"defaults":{"max":12345678901234567890}}}]}');
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', big)).status).toBe(200);
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code).toBe(1);
    expect(lines(pulled.stderr).filter((line) => line.includes('pull-number-inexact'))).toEqual([
      'dashboards/big.json: error: dashboard big: Grafana holds the number 12345678901234567890 at panels[0].fieldConfig.defaults.max, ' +
        'more digits than a 64-bit float holds: the file would say 12345678901234567000, and the next plan would push that back. ' +
        'Not pulled (its file, if any, is left as it is): in Grafana, make it a number a float holds or a string, then pull again (pull-number-inexact)',
    ]);
    expect((await walkFiles(join(dir, 'dashboards'))).map((file) => file.path)).toEqual(['plain.json']);
  });

  it('leaves the file of a dashboard already pulled as it is when the number appears in Grafana later', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    await saveDashboard(sandbox, { uid: 'big', title: 'Big', threshold: 1 });
    const dir = await makeWorkDir();
    await git(dir, 'init', '-q');
    expect((await dashsync(sandbox, dir, ['pull'])).code).toBe(0);
    await commitAll(dir);
    const before = await readFile(join(dir, 'dashboards/big.json'), 'utf8');
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', post('{"uid":"big","title":"Big","threshold":1e400}'))).status).toBe(200);

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain('dashboards/big.json: error: dashboard big: Grafana holds the number 1e400 at threshold, beyond a 64-bit float: the file would say null');
    expect(await readFile(join(dir, 'dashboards/big.json'), 'utf8')).toBe(before);
  });

  it('pulls numbers written otherwise but held by a float (1.0, 0.30000000000000001) as JavaScript writes them', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', post('{"uid":"same","title":"Same","ratio":1.0,"step":0.30000000000000001}'))).status).toBe(200);
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    const text = await readFile(join(dir, 'dashboards/same.json'), 'utf8');
    expect(text).toContain('"ratio": 1,');
    expect(text).toContain('"step": 0.3,');
    expect((await dashsync(sandbox, dir, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});

// plan compares floats, so the rounding an update brings is in no change it lists: it says so in a warning.
describe('plan of an update to a dashboard holding such a number, Grafana 11.2', () => {
  it('warns that the update writes the float in its place, naming the uid, the place and both numbers', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const model = (title: string, max: string) => `{"uid":"big","title":"${title}","panels":[{"id":1,"fieldConfig":{"defaults":{"max":${max}}}}]}`;
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', post(model('Big', '12345678901234567890')))).status).toBe(200);
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/big.json'), `${JSON.stringify(JSON.parse(model('Big 2', '12345678901234567000')), null, 2)}\n`);

    const planned = await dashsync(sandbox, dir, ['plan']);

    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('"Big 2"');
    expect(`${planned.stdout}${planned.stderr}`).toContain(
      'big "Big 2" (dashboards/big.json): Grafana holds the number 12345678901234567890 at panels[0].fieldConfig.defaults.max exactly, ' +
        'which no file can (a 64-bit float cannot hold it), so this update writes 12345678901234567000 there',
    );
  });
});
