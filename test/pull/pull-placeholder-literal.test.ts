import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from './pull-fixture.js';

// walk-65 M3: someone pointed a panel at a datasource only prod has (no input maps it); `pull --env prod` wrote that uid
// over the shared file's ${DS_PROM} without a word, and staging's next apply would have pointed its panels at it.

const datasource = { type: 'prometheus', uid: '${DS_PROM}' };
const work = { uid: 'work', title: 'Workloads', schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource }] };
const cpu = { uid: 'lp-cpu', name: 'CPU', kind: 1, model: { type: 'stat', title: 'cpu', datasource } };
const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

describe('pull --env prod of a panel pointed at a datasource no input maps (one Grafana, Grafana 12)', () => {
  it('writes Grafana\'s version and warns, one line per file, that staging deploys the file too; a uid an input maps goes back as its placeholder', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
    await writeFile(join(dir, 'dashsync.config.json'), text({ environments: { staging: { inputs: { DS_PROM: 'prom-staging' } }, prod: { inputs: { DS_PROM: 'prom-prod' } } } }));
    await writeFile(join(dir, 'dashboards/work.json'), text(work));
    await writeFile(join(dir, 'dashboards/_library/cpu.json'), text(cpu));
    await commitAll(dir, 'add');
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'prod']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);

    // dave, at prod's UI, points both at thanos-prod.
    const token = await handle.createToken('Editor');
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/work');
    const dashboard = { ...live.body.dashboard, panels: [{ ...live.body.dashboard.panels[0], datasource: { type: 'prometheus', uid: 'thanos-prod' } }] };
    expect((await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard, overwrite: false }, bearerHeaders(token))).status).toBe(200);
    const panel = await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu');
    const model = { ...panel.body.result.model, datasource: { type: 'prometheus', uid: 'thanos-prod' } };
    expect((await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: panel.body.result.version, model }, bearerHeaders(token))).status).toBe(200);

    const pulled = await dashsync(handle, dir, ['pull', '--env', 'prod']);
    const output = pulled.stdout + pulled.stderr;
    const warning =
      'warning: written with a literal datasource uid (datasource "thanos-prod" where the file had ${DS_PROM}): no input of environment prod maps it, and environment staging ' +
      'deploys this file too and would get that uid, which its Grafana may not have. Before committing, map it as an input (e.g. "DS_NEW": "thanos-prod" in the "inputs" of ' +
      'environment "prod", and each other environment\'s own) and write "${DS_NEW}" there, or point the panel back at ${DS_PROM}\'s datasource in Grafana and pull again (pull-placeholder-literal)';
    expect(output).toContain(`dashboards/work.json: ${warning}`);
    expect(output).toContain(`dashboards/_library/cpu.json: ${warning}`);
    expect(output.match(/pull-placeholder-literal/g)).toHaveLength(2);
    expect(await readFile(join(dir, 'dashboards/work.json'), 'utf8')).toContain('"uid": "thanos-prod"');

    // Pointed at prod's own prometheus again: the placeholder goes back, no warning.
    await commitAll(dir, 'thanos');
    await writeFile(join(dir, 'dashboards/work.json'), text(work));
    await commitAll(dir, 'back to the placeholder');
    const again = await apiRequest(handle, 'GET', '/api/dashboards/uid/work');
    const back = { ...again.body.dashboard, description: 'edited', panels: [{ ...again.body.dashboard.panels[0], datasource: { type: 'prometheus', uid: 'prom-prod' } }] };
    expect((await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: back, overwrite: false }, bearerHeaders(token))).status).toBe(200);
    const quiet = await dashsync(handle, dir, ['pull', '--env', 'prod', 'work']);
    expect(quiet.stdout + quiet.stderr).not.toContain('pull-placeholder-literal');
    expect(await readFile(join(dir, 'dashboards/work.json'), 'utf8')).toContain('"uid": "${DS_PROM}"');
  });
});
