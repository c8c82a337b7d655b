import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';

/** A tree with two dashboards titled "Overview" in one folder, and a config with `config`. */
async function twoOverviews(config: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-dup-titles-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards/payments'), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', ...config }));
  for (const uid of ['ov-pay', 'ov-pay2']) await writeFile(join(dir, `dashboards/payments/${uid}.json`), JSON.stringify({ uid, title: 'Overview', panels: [] }, null, 2));
  return dir;
}

// walk-64 L4: only Grafana 11.2 and older refuse two dashboards of one title in a folder.
describe('check: two dashboards of one title in one folder', () => {
  it.each([{}, { grafanaVersion: '11' }, { grafanaVersion: '11.2.3' }])('warns where the config may deploy to 11.2 or older (%j)', async (config) => {
    const result = await runCliInProcess(['check'], { cwd: await twoOverviews(config) });
    expect(result.stdout).toContain('(title-duplicate-in-folder)');
  });

  it.each([{ grafanaVersion: '12' }, { grafanaVersion: '13.0.2' }, { grafanaVersion: '11.3' }])('says nothing where the config names a later release (%j)', async (config) => {
    const result = await runCliInProcess(['check'], { cwd: await twoOverviews(config) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('title-duplicate-in-folder');
  });

  it('warns where one environment may deploy to 11.2', async () => {
    const result = await runCliInProcess(['check'], { cwd: await twoOverviews({ grafanaVersion: '13', environments: { old: { url: 'http://old.example', grafanaVersion: '11.2' }, new: { url: 'http://new.example' } } }) });
    expect(result.stdout).toContain('(title-duplicate-in-folder)');
  });
});
