import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { dashsync } from '../../pull/pull-fixture.js';
import { lines, saveLive, writeJson } from './plan-fixture.js';

// env-60b: a datasource variable's `current` is no change in the plan (Grafana's UI saves the pick); the field changes of
// a format change (Grafana stores v2, the file is classic) compared Grafana's conversion with the file raw and showed it.
const PANELS = [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }];
const board = (title: string, current: { text: string; value: string }) => ({
  uid: 'redis',
  title,
  schemaVersion: 41,
  panels: PANELS,
  templating: { list: [{ name: 'ds', type: 'datasource', query: 'prometheus', current }] },
});

describe('a classic file of a dashboard Grafana 13 stores as v2, its datasource variable picked otherwise in Grafana', () => {
  it('the format change lists the file\'s edits, not the pick', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-converted-'));
    await saveLive(handle, board('Redis', { text: 'Prometheus B', value: 'prom-b' }), '', 'ui');
    // Someone saves it in the dynamic-dashboards editor: stored as v2.
    expect((await fetch(`${handle.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'redis' }) })).status).toBe(200);
    await writeJson(dir, 'dashboards/redis.json', board('Redis, renamed', { text: 'Prometheus', value: 'prom-a' }));

    const planned = await dashsync(handle, dir, ['plan']);

    expect(planned.code, planned.stderr).toBe(0);
    expect(lines(planned.stdout).slice(2, 7)).toEqual([
      '~ update        dashboards/redis.json "Redis, renamed" (uid redis, live version 2) in General: 3 fields',
      '      ~ apiVersion: "dashboard.grafana.app/v2" → "classic dashboard model"',
      '      - description: "Edited in the Grafana UI by editor (after version 1)"',
      '      ~ title: "Redis" → "Redis, renamed"',
      '',
    ]);
  });
});
