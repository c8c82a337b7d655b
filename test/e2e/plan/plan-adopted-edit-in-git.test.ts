import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, commitChange, dashsync, editInUi, lines, makeWorkDir, saveDashboard } from '../../pull/pull-fixture.js';
import { startTestSandbox } from '../../helpers/sandbox.js';

/**
 * Adoption day (audit-ux-16 L-3): dashboards made in Grafana, pulled and committed, then changed in git. Their live version
 * is the one their files were added with: no `edit in git` note calling it "the live edit", and no drift warning either.
 */
describe.each(['12', '13'] as const)('the first changes after adopting a Grafana %s', (grafanaVersion) => {
  it('no edit-in-git note for a dashboard whose live version is the one its file was added with, nor after a layout-only commit', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    for (const uid of ['alpha', 'beta', 'gamma']) await saveDashboard(handle, { uid, title: uid.toUpperCase(), panels: [] });
    const dir = await makeWorkDir();
    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    await commitAll(dir, 'Import dashboards from Grafana');
    // beta's file is reindented (a layout-only commit), then edited: its live version is still the one it was added with.
    const beta = join(dir, 'dashboards/beta.json');
    await writeFile(beta, JSON.stringify(JSON.parse(await readFile(beta, 'utf8')), null, 4));
    await commitAll(dir, 'reindent');
    await commitChange(dir, 'dashboards/alpha.json', '"title": "ALPHA"', '"title": "Alpha"');
    await commitChange(dir, 'dashboards/beta.json', '"title": "BETA"', '"title": "Beta"');
    // gamma is edited in Grafana after the import, pulled and committed: that is a live edit, and its note stays.
    await editInUi(handle, 'gamma', 'edited in the UI after adoption');
    expect((await dashsync(handle, dir, ['pull', 'gamma'])).code).toBe(0);
    await commitAll(dir, 'pull gamma');
    await commitChange(dir, 'dashboards/gamma.json', '"title": "GAMMA"', '"title": "Gamma"');

    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    const out = lines(planned.stdout);
    expect(out).toContain('Plan: 0 to create, 3 to update, 0 to move, 0 to delete, 0 unchanged.');
    expect(out.filter((line) => line.includes('drift'))).toEqual([]);
    const notes = out.filter((line) => line.includes('edit in git'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^ {2}edit in git: gamma "GAMMA": the live edit \(version 2 by [^)]*\) is in commit [0-9a-f]{12} "pull gamma" of this branch/);

    const json = await dashsync(handle, dir, ['plan', '--format', 'json']);
    const warnings = (JSON.parse(json.stdout) as { warnings: { code?: string; uid?: string }[] }).warnings;
    expect(warnings.filter((warning) => warning.code === 'edit-in-git').map((warning) => warning.uid)).toEqual(['gamma']);
  });
});
