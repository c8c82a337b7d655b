import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { readJson } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

describe('backups and the dashboards root', () => {
  it('a backupDir inside the root is refused when the settings are read, from the config file or --backup-dir', async () => {
    const { workspace } = await appliedExample({ grafanaVersion: '12' });
    const configPath = join(workspace.dir, 'dashsync.config.json');
    const config = await readJson(configPath);
    await writeFile(configPath, JSON.stringify({ ...config, backupDir: 'dashboards/backups' }));
    const expected =
      '"backupDir" in dashsync.config.json (dashboards/backups) is inside the dashboards root (dashboards): backups there would be read as dashboards; ' +
      'put it outside the root, e.g. ".dashsync/backups" (move the backups already written there too)';
    for (const command of [['check'], ['plan'], ['apply', '--prune']]) {
      const refused = await workspace.cli(command);
      expect(refused.code, command.join(' ')).toBe(1);
      expect(refused.stderr).toContain(expected);
    }

    await writeFile(configPath, JSON.stringify(config));
    const flag = await workspace.cli(['apply', '--prune', '--backup-dir', 'dashboards']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('--backup-dir (dashboards) is inside the dashboards root (dashboards): backups there would be read as dashboards;');
    // A dot-directory under the root is not read as the tree: allowed.
    const hidden = await workspace.cli(['apply', '--prune', '--backup-dir', 'dashboards/.backups']);
    expect(hidden.code, hidden.stderr).toBe(0);
  });

  it('a backup found in the tree is one error (not a dashboard\'s every rule), and check --fix leaves it as it is', async () => {
    const { workspace } = await appliedExample({ grafanaVersion: '12' });
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    const applied = await workspace.cli(['apply', '--prune']);
    expect(applied.code, applied.stderr).toBe(0);
    const backups = join(workspace.dir, '.dashsync/backups');
    const [name] = await readdir(join(backups, 'redis-exporter'));
    await mkdir(join(workspace.dir, 'dashboards/copied'), { recursive: true });
    await cp(join(backups, 'redis-exporter', name!), join(workspace.dir, 'dashboards/copied/backup.json'));
    const before = await readFile(join(workspace.dir, 'dashboards/copied/backup.json'), 'utf8');
    const line = 'dashboards/copied/backup.json:1:1: error: this is a dashsync backup, not a dashboard: move it out of the tree (and set backupDir outside the root) (dashsync-backup)';

    const checked = await workspace.cli(['check']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toBe(`${line}\n`);
    const fixed = await workspace.cli(['check', '--fix']);
    expect(fixed.stdout).toBe(`${line}\n`);
    expect(await readFile(join(workspace.dir, 'dashboards/copied/backup.json'), 'utf8')).toBe(before);
    const planned = await workspace.cli(['plan']);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(line);
    expect(planned.stderr.match(/dashboards\/copied\/backup\.json/g)).toHaveLength(1);
  });
});
