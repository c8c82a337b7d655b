import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { editJson, libraryWorkspace } from '../../integration/library-panels/library-tree.js';

vi.setConfig({ testTimeout: 120_000 });

// A library panel's reference in a dashboard holds its gridPos and `libraryPanel` ({uid, name}), most often no title:
// the plan names it by its library panel, not by a bare place (`panels: ["0","1"] → ["1","2"]`).

const reference = (uid: string, name: string, y: number) => ({ gridPos: { x: 0, y, w: 12, h: 8 }, libraryPanel: { uid, name } });
const errors = { type: 'timeseries', title: 'Errors', gridPos: { x: 0, y: 0, w: 24, h: 8 }, targets: [{ refId: 'A', expr: 'errors_total' }] };

describe.each(['13', '11.2'] as GrafanaVersion[])('library panel references without titles (Grafana %s)', (grafanaVersion) => {
  it('a panel inserted above two references, which change places: each named by its library panel', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await libraryWorkspace(sandbox, {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/_library/cpu.json': { uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU', targets: [{ expr: 'rate(cpu[5m])' }] } },
      'dashboards/_library/mem.json': { uid: 'lp-mem', name: 'Memory', kind: 1, model: { type: 'stat', title: 'Memory' } },
      'dashboards/svc.json': { uid: 'svc', title: 'Service', schemaVersion: 42, panels: [reference('lp-cpu', 'CPU usage', 0), reference('lp-mem', 'Memory', 8)] },
    });
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    await editJson(join(workspace.dir, 'dashboards/svc.json'), (model) => (model.panels = [errors, reference('lp-mem', 'Memory', 8), reference('lp-cpu', 'CPU usage', 16)]));

    const text = await workspace.cli(['plan', '--no-color']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n').filter((line) => /^ {6}[+~-] /.test(line)).map((line) => line.replace(/(: )\{.*$/, '$1{…'))).toEqual([
      '      ~ panels: ["0 \\"CPU usage\\"","1 \\"Memory\\""] → ["1 \\"Memory\\"","2 \\"CPU usage\\""]',
      '      + panels[0 "Errors"]: {…',
      '      ~ panels[2 "CPU usage"].gridPos.y: 0 → 16',
    ]);
  });
});
