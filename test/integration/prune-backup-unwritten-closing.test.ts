import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedExample } from '../e2e/apply/restore-fixture.js';
import { commitAll } from '../pull/pull-fixture.js';

const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const UID = 'postgresql-overview';

// walk-66 L3: a backup that could not be written (a full disk) ended with "once the cause is fixed or has passed (a 429
// or 5xx often does)": words about Grafana, where the cause is the local disk.
describe('an apply whose only failures are backups it could not write', () => {
  it('closes naming the backup directory, not a 429 or 5xx', async () => {
    const { workspace } = await appliedExample('12');
    await commitAll(workspace.dir);
    await rm(join(workspace.dir, POSTGRES));
    // The backup directory takes files (its check passes), but where this dashboard's backups go is a regular file.
    await mkdir(join(workspace.dir, '.dashsync/backups'), { recursive: true });
    await writeFile(join(workspace.dir, `.dashsync/backups/${UID}`), '');

    const applied = await workspace.cli(['apply', '--prune', '--auto-approve']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(new RegExp(`failed: delete ${UID} "PostgreSQL": not deleted: cannot write its backup into \\.dashsync/backups \\(EEXIST\\): a part of that path is a file, not a directory; check backupDir / --backup-dir\\n`));
    expect(applied.stderr).toContain('1 planned change failed (its line is above); once the backup directory can be written (move away the file that stands there, or point --backup-dir elsewhere), run dashsync apply');
    expect(applied.stderr).not.toContain('429');
  });
});
