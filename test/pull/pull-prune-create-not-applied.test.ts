import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, dashsync, deleteInGrafana, git, lines, sandboxBootstrapped } from './pull-fixture.js';

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * walk-71 M4: a reviewed dashboard file is merged; another environment's apply (or none yet) created it, not this Grafana's. A
 * refresh `pull --prune` deleted the file as "not in Grafana", and its commit then pruned the dashboard where it was applied.
 * Grafana 13 on unified storage keeps what is deleted in "Recently deleted": a uid neither there nor in a backup was never held.
 */
describe('pull --prune and a committed dashboard file not applied here yet (Grafana 13)', () => {
  it('keeps the new file with a line saying why and what makes it; a dashboard deleted in Grafana is still pruned', async () => {
    const { handle, dir } = await sandboxBootstrapped('13', async (made) => {
      await made('/api/folders', { uid: 'team', title: 'Team' });
      for (const uid of ['keep', 'old']) await made('/api/dashboards/db', { dashboard: { uid, title: uid, panels: [] }, folderUid: 'team', overwrite: false });
    });
    await writeFile(join(dir, 'dashboards/team/canary.json'), `${JSON.stringify({ panels: [], schemaVersion: 41, title: 'Canary', uid: 'canary' }, null, 2)}\n`);
    await commitAll(dir, 'canary dashboard (reviewed)');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await deleteInGrafana(handle, '/api/dashboards/uid/old');

    const pulled = await dashsync(handle, dir, ['pull', '--prune']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(lines(pulled.stdout)).toContain(
      `kept     dashboards/team/canary.json: uid canary is not in Grafana, but commit ${sha} added it and this Grafana never held it as far as dashsync can tell ` +
        '(not in its "Recently deleted", no backup of it): a create not applied here yet; not deleted. dashsync plan shows its create, dashsync apply makes it. ' +
        'If it was deleted from this Grafana for good, git rm the file',
    );
    expect(lines(pulled.stdout)).toContain('deleted  dashboards/team/old.json (uid old is not in Grafana)');
    expect(await exists(join(dir, 'dashboards/team/canary.json'))).toBe(true);
    expect(await exists(join(dir, 'dashboards/team/old.json'))).toBe(false);
    // What the line says makes it does.
    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout)).toContain('Plan: 1 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    expect(lines(planned.stdout)).toContain('+ create        dashboards/team/canary.json "Canary" (uid canary) in "Team"');
  });
});
