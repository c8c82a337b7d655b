import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { getDashboard, writes } from '../e2e/apply/workspace.js';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { asPattern, deletedFileLine, noFileLine, REDIS_FILE } from '../helpers/restore-lines.js';
import { libraryWorkspace } from './library-panels/library-tree.js';
import { startRewritingProxy } from '../helpers/rewriting-proxy.js';

/** The same sandbox through another name: backups taken through one URL are not this run's by default. */
const otherName = (url: string) => url.replace('127.0.0.1', 'localhost');

describe('restore with backups taken through another URL of the same Grafana', () => {
  it('a dashboard: names the backup from the other URL and restores it with --from-backup, never over a live dashboard', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    expect(sandbox.url).toContain('127.0.0.1');
    await pruneAway(workspace, 'dashboards/platform/databases/redis.json');
    const { name } = await newestBackup(workspace, 'redis-exporter');
    const shown = `.dashsync/backups/redis-exporter/${name}`;
    const elsewhere = { GRAFANA_URL: otherName(sandbox.url) };

    const refused = await workspace.cli(['restore', 'redis-exporter'], elsewhere);
    expect([refused.code, refused.stdout]).toEqual([1, '']);
    expect(refused.stderr).toBe(
      'error: cannot restore redis-exporter: this Grafana 12 keeps deleted dashboards in "Recently deleted" (its page is switched off here, which hides only the page) only on unified storage, ' +
        'which /api does not show (a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good), and takes them back through /apis only: run restore with --api auto to ask it, ' +
        `and there is no backup of it from ${otherName(sandbox.url)} in .dashsync/backups; ` +
        `found a backup of it from another Grafana URL or org: ${sandbox.url} org 1 (deleted ${name.replace(/-v\d+\.json$/, '').replace(/T(\d\d)-(\d\d)-(\d\d)-(\d+)Z/, 'T$1:$2:$3.$4Z')}); ` +
        `restore takes only backups from this Grafana and org: if that is this Grafana under another URL, run dashsync restore redis-exporter --backup-source ${sandbox.url}; ` +
        `to restore it here anyway, run dashsync restore redis-exporter --from-backup ${shown}\n`,
    );

    sandbox.clearRequests();
    const restored = await workspace.cli(['restore', 'redis-exporter', '--from-backup', shown], elsewhere);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toMatch(new RegExp(`^restored redis-exporter "Redis" from ${shown.replace(/[.]/g, '\\.')} into folder "[^"]+" \\(\\S+\\), now version 1\\n${asPattern(deletedFileLine('redis-exporter', REDIS_FILE))}$`));
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(200);

    // The same conflict rule as any restore: a live dashboard is never overwritten; the backup named was not put back, which fails the run.
    sandbox.clearRequests();
    const again = await workspace.cli(['restore', 'redis-exporter', '--from-backup', shown], elsewhere);
    expect([again.code, again.stderr]).toEqual([1, `error: cannot restore redis-exporter: Grafana holds it (version 1), and restore never overwrites what Grafana holds: ${shown} was not put back\n`]);
    expect(writes(sandbox)).toEqual([]);
  });

  it('--backup-source holding the run\'s token (backups from a run through a secret path): the command a stopped restore advises names its variable, never the secret', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    const token = await sandbox.createToken('Admin');
    // Not Grafana: a reverse proxy serving it under the sub-path /<token>, through which the backups were taken.
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(`/${token}`, ''), answer: (body) => body });
    const secretPath = `${proxy.url}/${token}`;
    const throughProxy = { GRAFANA_URL: secretPath, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token };
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    expect((await workspace.cli(['apply', '--prune'], throughProxy)).code).toBe(0);

    sandbox.setFaults({ methods: ['POST'], dropRate: 1 });
    // Every write dropped is sent 8 times: at once (the advice is under test, not the waits).
    const here = { GRAFANA_URL: sandbox.url, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token, ...NO_RETRY_WAITS };
    const failed = await workspace.cli(['restore', 'redis-exporter', '--backup-source', secretPath], here);
    expect(failed.code).toBe(1);
    // fixo-68's rule for a --url holding the token (urlFlagOf): pasted, the shell puts the secret back as it did for this run.
    const advised = `dashsync restore redis-exporter --backup-source "${proxy.url}/\${GRAFANA_TOKEN}"`;
    expect(failed.stdout + failed.stderr).toContain(advised);
    expect(failed.stdout + failed.stderr).not.toContain(token);
    expect(failed.stdout + failed.stderr).not.toContain('[redacted]');

    // The dropped answers' saves landed: deleted again, the pasted command (the shell giving the token) finds the backup.
    sandbox.setFaults(undefined);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter')).status).toBe(200);
    const pasted = await workspace.cli(['restore', 'redis-exporter', '--backup-source', `${proxy.url}/${token}`], here);
    expect([pasted.code, pasted.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\//)]);
  });

  it('--from-backup refuses a file that is not a backup of that uid, before any request', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, 'dashboards/platform/databases/redis.json');
    const { name } = await newestBackup(workspace, 'redis-exporter');
    sandbox.clearRequests();
    const other = await workspace.cli(['restore', 'checkout-slo', '--from-backup', `.dashsync/backups/redis-exporter/${name}`]);
    expect([other.code, other.stderr]).toEqual([
      1,
      `error: --from-backup .dashsync/backups/redis-exporter/${name} is a backup of "redis-exporter", not of checkout-slo; nothing was restored\n`,
    ]);
    const notBackup = await workspace.cli(['restore', 'redis-exporter', '--from-backup', 'dashsync.config.json']);
    expect([notBackup.code, notBackup.stderr]).toEqual([1, 'error: --from-backup dashsync.config.json is not a dashsync backup of format version 1; nothing was restored\n']);
    // fixa-73 (walk-72 L8): read and worded as restore --all reads the backups it takes: file:line:col, and what to do.
    const whole = await readFile(join(workspace.dir, `.dashsync/backups/redis-exporter/${name}`), 'utf8');
    await writeFile(join(workspace.dir, 'cut.json'), whole.slice(0, 200));
    const cut = await workspace.cli(['restore', 'redis-exporter', '--from-backup', 'cut.json']);
    expect([cut.code, cut.stderr]).toEqual([1, expect.stringMatching(/^error: cut\.json:\d+:\d+: not a readable dashsync backup \([^)]+\): fix it, or name another backup file with --from-backup; nothing was restored\n$/)]);
    const missing = await workspace.cli(['restore', 'redis-exporter', '--from-backup', 'missing.json']);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'error: --from-backup missing.json: no such file; name a backup file apply wrote before deleting redis-exporter (below the backup directory, .dashsync/backups by default); nothing was restored\n',
    ]);
    const directory = await workspace.cli(['restore', 'redis-exporter', '--from-backup', '.dashsync/backups/redis-exporter']);
    expect([directory.code, directory.stderr]).toEqual([
      1,
      'error: --from-backup .dashsync/backups/redis-exporter: it is a directory, not a backup file; name one backup file in it, or leave --from-backup out to restore redis-exporter from its newest backup from this Grafana and org; nothing was restored\n',
    ]);
    const two = await workspace.cli(['restore', 'redis-exporter', 'checkout-slo', '--from-backup', 'x.json']);
    expect(two.stderr).toBe('error: --from-backup names the backup of one uid: dashsync restore <uid> --from-backup FILE (for many, --backup-source URL takes the backups of another URL); nothing was restored\n');
    expect(sandbox.requests()).toEqual([]);
  });

  it('a library panel: no "Recently deleted" wording, names the other URL\'s backup, and --from-backup brings it back', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    const created = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'lp-extra', name: 'Extra', kind: 1, folderUid: 'team-a', model: { type: 'stat', title: 'x' } });
    expect(created.status).toBe(200);
    expect((await ws.cli(['apply', '--prune', 'all'])).stdout).toContain('Library panels: 1 deleted');
    const [file] = await readdir(join(ws.dir, '.dashsync/backups/library-panels/lp-extra'));
    const shown = `.dashsync/backups/library-panels/lp-extra/${file}`;
    const elsewhere = { GRAFANA_URL: otherName(sandbox.url) };

    sandbox.clearRequests();
    const refused = await ws.cli(['restore', 'lp-extra'], elsewhere);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^error: cannot restore library panel lp-extra: there is no backup of it from ${otherName(sandbox.url)} in \\.dashsync/backups \\(Grafana keeps no deleted library panels\\); ` +
          `found a backup of it from another Grafana URL or org: ${sandbox.url} org 1 \\(deleted [0-9T:.-]+Z\\); .* run dashsync restore lp-extra --from-backup ${shown.replace(/[.]/g, '\\.')}\\n$`,
      ),
    );
    expect(refused.stderr).not.toContain('Recently deleted');
    // Nothing was asked of Grafana's dashboards for a library panel's uid.
    expect(sandbox.requests().filter((entry) => entry.path.includes('dashboard'))).toEqual([]);

    const restored = await ws.cli(['restore', 'lp-extra', '--from-backup', shown], elsewhere);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toBe(`restored library panel lp-extra "Extra" from ${shown} into folder "Team A" (team-a), now version 1\n${noFileLine('lp-extra')}`);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-extra')).status).toBe(200);
  });
});
