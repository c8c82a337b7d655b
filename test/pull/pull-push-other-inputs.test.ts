import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, editInUi, makeWorkDir } from './pull-fixture.js';

// pull-45: apply's content note digests the file as its environment's inputs render it. A pull under another environment's
// inputs found the push in none of the file's commits and refused a file that only Grafana had changed since the push.

const model = (title: string) => ({
  uid: 'work',
  title,
  schemaVersion: 39,
  panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: '${DS_PROM}' } }],
});

/** One Grafana 12 both environments deploy to, with their own DS_PROM; the tree's dashboards/ directory made, work.json not yet written. */
async function stagingAndProductionInOneGrafana() {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await makeWorkDir();
  const environments = { staging: { inputs: { DS_PROM: 'prom-staging' } }, production: { inputs: { DS_PROM: 'prom-production' } } };
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments }));
  await mkdir(join(dir, 'dashboards'));
  return { handle, dir, file: join(dir, 'dashboards/work.json') };
}

describe('pull of a file production\'s apply pushed, under staging\'s inputs (one Grafana, Grafana 12)', () => {
  it('finds the push under the inputs of the environment that made it: Grafana alone changed since, so the file is updated', async () => {
    const { handle, dir, file } = await stagingAndProductionInOneGrafana();
    for (const title of ['Workloads', 'Workloads (2)']) {
      await writeFile(file, `${JSON.stringify(model(title), null, 2)}\n`);
      await commitAll(dir, title);
      const applied = await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'production']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    }
    await editInUi(handle, 'work', 'Edited in the Grafana UI');

    const pulled = await dashsync(handle, dir, ['pull', 'work', '--env', 'staging']);
    expect(pulled.stdout).not.toMatch(/^refused/m);
    expect(pulled.stdout).toMatch(/^updated +dashboards\/work\.json \(environment production deploys this file too: its next apply takes this change\)$/m);
    expect(JSON.parse(await readFile(file, 'utf8')).description).toBe('Edited in the Grafana UI');
  });
});

// review-11 H2: every environment's rendering of the newest commit was tried before this run's rendering of older ones, so a
// committed fix (a hard-coded staging datasource turned into an input) that staging's inputs render as the pushed commit
// read as "only Grafana changed" and was replaced.
describe('pull of a committed, unapplied change that another environment\'s inputs render as the pushed commit (Grafana 12)', () => {
  it('finds the push under this run\'s inputs first: both sides changed, so the file is refused and keeps the fix', async () => {
    const { handle, dir, file } = await stagingAndProductionInOneGrafana();
    const hardCoded = model('Workloads');
    hardCoded.panels[0]!.datasource.uid = 'prom-staging';
    await writeFile(file, `${JSON.stringify(hardCoded, null, 2)}\n`);
    await commitAll(dir, 'hard-coded staging datasource');
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'production']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const fixed = `${JSON.stringify(model('Workloads'), null, 2)}\n`;
    await writeFile(file, fixed);
    await commitAll(dir, 'fix: the datasource is an input');
    await editInUi(handle, 'work', 'Edited in the Grafana UI');

    const pulled = await dashsync(handle, dir, ['pull', 'work', '--env', 'production']);
    expect(pulled.stdout).toMatch(/^refused +dashboards\/work\.json: .*changed on both sides since dashsync applied version 1/m);
    expect(pulled.code).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(fixed);
  });
});
