import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { getDashboard, saveInGrafana } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/** A title and description as a hostile or careless editor saves them in Grafana: terminal escapes, bidi, C1, a workflow command, tag characters. */
const TITLE = 'Redis\u001b]0;pwned\u0007\u202eevil\u0085\u2028 ##[error]x';
const DESCRIPTION = `ok${String.fromCodePoint(0xe0068, 0xe0069)}\u034f\u200b`;

describe('a backup is JSON a person may cat: nothing in it prints raw, and restore puts back exactly what Grafana had', () => {
  it('escapes bidi, C1, ##[ and invisible characters in the backup file; the dashboard restored from it equals the one deleted', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '11.2' });
    await saveInGrafana(sandbox, 'redis-exporter', { title: TITLE, description: DESCRIPTION });
    const before = await getDashboard(sandbox, 'redis-exporter');
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));

    const applied = await workspace.cli(['apply', '--prune', '--force', '--delete-mode', 'hard']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    const dir = join(workspace.dir, '.dashsync/backups/redis-exporter');
    const [file] = await readdir(dir);
    const raw = await readFile(join(dir, file!), 'utf8');
    // Printable ASCII and layout only: no ESC, BEL, C1, bidi mark, line separator or invisible character reaches a terminal or a CI log.
    expect(raw).toMatch(/^[\x20-\x7e\n]*$/);
    expect(raw).not.toContain('##[');
    expect(raw).toContain('"title": "Redis\\u001b]0;pwned\\u0007\\u202eevil\\u0085\\u2028 #\\u0023[error]x"');
    expect(JSON.parse(raw).dashboard).toEqual(before.dashboard);

    // Purged from "Recently deleted" (--delete-mode hard): restore re-posts what it reads from the backup file.
    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toContain(` from .dashsync/backups/redis-exporter/${file} into folder `);
    const after = await getDashboard(sandbox, 'redis-exporter');
    const { id: _id, version: _version, ...put } = after.dashboard;
    const { id: _beforeId, version: _beforeVersion, ...had } = before.dashboard;
    expect(put).toEqual(had);
    expect(after.dashboard.title).toBe(TITLE);
    expect(after.dashboard.description).toBe(DESCRIPTION);
  });
});
