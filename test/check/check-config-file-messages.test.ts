import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';

const valid = fileURLToPath(new URL('../fixtures/check/valid/dashboards/', import.meta.url));

/** A workspace with the valid tree and a config file at ops/team.json (no dashsync.config.json). */
async function workspace(config: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-config-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(valid, join(dir, 'dashboards'), { recursive: true });
  await mkdir(join(dir, 'ops'));
  await writeFile(join(dir, 'ops/team.json'), JSON.stringify(config));
  return dir;
}

describe('messages that point into the config name the config file in use (--config)', () => {
  it('a missing root', async () => {
    const dir = await workspace({ root: '../nope' });
    const result = await runCliInProcess(['check', '--config', 'ops/team.json'], { cwd: dir });
    expect(result.stderr).toMatch(/^error: dashboards root not found: .*nope \(set --root or "root" in ops\/team\.json; in the GitHub Action, the "path" input; to start from what your Grafana holds: dashsync pull\)\n$/);
    expect(result.code).toBe(1);
  });

  it('a library panel neither in the tree nor listed as external', async () => {
    const dir = await workspace({ root: '../dashboards' });
    const file = join(dir, 'dashboards/overview.json');
    const model = JSON.parse(await readFile(file, 'utf8'));
    model.panels = [{ id: 9, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-shared', name: 'Shared' } }];
    await writeFile(file, `${JSON.stringify(model, null, 2)}\n`);

    const result = await runCliInProcess(['check', '--config', 'ops/team.json'], { cwd: dir });

    expect(result.stdout).toMatch(/under "externalLibraryPanels" in ops\/team\.json when it is managed elsewhere \(library-panel-missing\)\n$/);
    // plan accepts a panel Grafana has; check, offline, says why it still asks (a pre-commit hook would otherwise look wrong).
    expect(result.stdout).toContain('uses library panel "lp-shared", which is not in the tree (a _library/ directory); check is offline, so it needs the file even where plan accepts a panel Grafana has: ');
    expect(result.code).toBe(1);
  });

  it('an external folder that a directory of the tree holds', async () => {
    const dir = await workspace({ root: '../dashboards', externalFolders: ['team-a'] });
    const result = await runCliInProcess(['check', '--config', 'ops/team.json'], { cwd: dir });
    expect(result.stdout).toContain(
      `ops/team.json:1:44: error: "externalFolders" lists team-a, the folder of this tree's directory team-a: a folder is this tree's or another's. Remove it from "externalFolders", or the directory from the tree (external-folder-in-tree)\n`,
    );
    expect(result.code).toBe(1);
  });

  // walk-through 16 L-7: the line pointed at the "inputs" object, not at the value that is wrong.
  it('an input that is no string, at its value (top level and an environment\'s)', async () => {
    const dir = await workspace({});
    await writeFile(join(dir, 'ops/team.json'), '{\n  "root": "../dashboards",\n  "inputs": { "DS_OK": "prom", "DS_PROM": 5 },\n  "environments": { "prod": { "inputs": { "DS_X": null } } }\n}\n');
    const result = await runCliInProcess(['check', '--config', 'ops/team.json'], { cwd: dir });
    expect(result.stderr).toContain('error: ops/team.json:3:43: "inputs.DS_PROM" must be a string (a datasource uid), got 5');
    expect(result.stderr).toContain('error: ops/team.json:4:51: "environments.prod.inputs.DS_X" must be a string (a datasource uid), got null');
    expect(result.code).toBe(1);
  });

  // walk-65 L3: an input mapped to "" passed check and plan, which then pointed every panel using it at no datasource.
  it('an input mapped to an empty or space-edged uid, at its value, in check and plan', async () => {
    const dir = await workspace({});
    await writeFile(join(dir, 'ops/team.json'), '{\n  "root": "../dashboards",\n  "inputs": { "DS_OK": "prom", "DS_LOKI": " loki" },\n  "environments": { "prod": { "url": "http://127.0.0.1:9", "inputs": { "DS_PROM": "" } } }\n}\n');
    const empty = 'ops/team.json:4:83: "environments.prod.inputs.DS_PROM" must be a datasource uid (empty, it would point every panel using the input at no datasource: set the uid, or remove the input), got ""';
    const spaced = 'ops/team.json:3:43: "inputs.DS_LOKI" must be a datasource uid without spaces at either end, got " loki"';
    const checked = await runCliInProcess(['check', '--config', 'ops/team.json'], { cwd: dir });
    expect(checked.stderr).toContain(`error: ${empty}`);
    expect(checked.stderr).toContain(`error: ${spaced}`);
    expect(checked.code).toBe(1);
    const planned = await runCliInProcess(['plan', '--config', 'ops/team.json', '--env', 'prod'], { cwd: dir, env: { GRAFANA_TOKEN: 'glsa_unused' } });
    expect(planned.stderr).toContain(empty);
    expect(planned.code).not.toBe(0);
  });
});
