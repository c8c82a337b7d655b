import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/load-settings.js';
import { requireUrl } from '../../../src/config/require-url.js';
import { ConfigError } from '../../../src/errors.js';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'dashsync-config-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('loadSettings', () => {
  it('works without a config file', async () => {
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: 'http://g:3000/' }, cwd });
    expect(settings.url).toBe('http://g:3000');
    expect(settings.root).toBe(join(cwd, 'dashboards'));
  });

  it('reads dashsync.config.json from cwd', async () => {
    await writeFile(join(cwd, 'dashsync.config.json'), JSON.stringify({ root: 'grafana', inputs: { DS_PROM: 'p1' } }));
    const settings = await loadSettings({ flags: {}, env: {}, cwd });
    expect(settings.root).toBe(join(cwd, 'grafana'));
    expect(settings.inputs).toEqual({ DS_PROM: 'p1' });
  });

  it('reads --config relative to cwd, resolving its paths against its own directory', async () => {
    await mkdir(join(cwd, 'ops'));
    await writeFile(join(cwd, 'ops/sync.json'), '\uFEFF{"root": "boards"}');
    const settings = await loadSettings({ flags: { config: 'ops/sync.json' }, env: {}, cwd });
    expect(settings.root).toBe(join(cwd, 'ops/boards'));
  });

  it('requires an explicit --config to exist', async () => {
    expect(await problemsOf(loadSettings({ flags: { config: 'missing.json' }, env: {}, cwd }))).toEqual([
      'missing.json: file not found',
    ]);
  });

  it('reports a JSON syntax error with line:col', async () => {
    await writeFile(join(cwd, 'dashsync.config.json'), '{\n  "root": "dashboards",\n}\n');
    expect(await problemsOf(loadSettings({ flags: {}, env: {}, cwd }))).toEqual([
      'dashsync.config.json:2:23: trailing comma: JSON does not allow a comma before a closing brace or bracket',
    ]);
  });

  it('refuses a config file that is not an object', async () => {
    await writeFile(join(cwd, 'dashsync.config.json'), '[]');
    expect(await problemsOf(loadSettings({ flags: {}, env: {}, cwd }))).toEqual([
      'dashsync.config.json: must be a JSON object like { "root": "dashboards" }',
    ]);
  });

  it('says where in the file each problem is (line:col), inside environments too: the key for an unknown key or a bad name, else the value', async () => {
    const text = [
      '{',
      '  "concurency": 3,',
      '  "environments": {',
      '    "staging": { "url": "https://g", "orgId": "2", "urll": "x", "token": "t" },',
      '    "prod": [],',
      '    "x y": {}',
      '  }',
      '}',
      '',
    ].join('\n');
    await writeFile(join(cwd, 'dashsync.config.json'), text);
    expect(await problemsOf(loadSettings({ flags: { env: 'staging' }, env: {}, cwd }))).toEqual([
      'dashsync.config.json:2:3: unknown key "concurency" (did you mean "concurrency"?)',
      'dashsync.config.json:4:47: "environments.staging.orgId" must be a positive integer, got "2"',
      'dashsync.config.json:4:52: "environments.staging": unknown key "urll" (did you mean "url"?)',
      'dashsync.config.json:4:65: "environments.staging": "token" looks like a credential; credentials belong in GRAFANA_TOKEN_STAGING (or GRAFANA_USER_STAGING and GRAFANA_PASSWORD_STAGING), never in the config file',
      'dashsync.config.json:5:13: "environments.prod" must be an object such as { "url": "https://…", "inputs": { … } }, got []',
      'dashsync.config.json:6:5: environment name "x y" may only hold letters, digits, "-" and "_" (starting with a letter or digit), because it names the GRAFANA_TOKEN_<NAME> variable of its credentials',
    ]);
  });

  it('an empty config file is named as one; problems come in file order; no "choose an environment" while the file itself is wrong', async () => {
    await writeFile(join(cwd, 'dashsync.config.json'), ' \n');
    expect(await problemsOf(loadSettings({ flags: {}, env: {}, cwd }))).toEqual([
      'dashsync.config.json:1:1: the file is empty; a config file holds one JSON object like { "root": "dashboards" }',
    ]);
    await writeFile(join(cwd, 'dashsync.config.json'), '{"inputs":{"DS_A":1},"timeout":"30","include":"team/**"}');
    expect((await problemsOf(loadSettings({ flags: {}, env: {}, cwd }))).map((problem) => problem.split(': ')[0])).toEqual([
      'dashsync.config.json:1:19',
      'dashsync.config.json:1:32',
      'dashsync.config.json:1:47',
    ]);
    await writeFile(join(cwd, 'dashsync.config.json'), '{"environments":{"staging":{"environments":{}}}}');
    expect(await problemsOf(loadSettings({ flags: {}, env: {}, cwd }))).toEqual(['dashsync.config.json:1:29: "environments.staging": unknown key "environments"']);
    await writeFile(join(cwd, 'dashsync.config.json'), '{"environments":{"staging":{}}}');
    expect(await problemsOf(loadSettings({ flags: {}, env: {}, cwd }))).toEqual([
      'dashsync.config.json defines environments staging: choose one with --env NAME (or DASHSYNC_ENV, or the Action\'s "environment" input)',
    ]);
  });

  it('throws every problem together', async () => {
    await writeFile(join(cwd, 'dashsync.config.json'), JSON.stringify({ password: 'x', concurrency: 0 }));
    const problems = await problemsOf(loadSettings({ flags: {}, env: { GRAFANA_ORG_ID: 'one' }, cwd }));
    expect(problems).toHaveLength(3);
    expect(problems[1]).toBe('dashsync.config.json:1:31: "concurrency" must be an integer from 1 to 256, got 0');
    expect(problems[2]).toBe('GRAFANA_ORG_ID must be a positive integer, got "one"');
  });
});

describe('requireUrl', () => {
  it('returns the URL or explains how to set it', async () => {
    const withUrl = await loadSettings({ flags: { url: 'https://g' }, env: {}, cwd });
    expect(requireUrl(withUrl)).toBe('https://g');
    const without = await loadSettings({ flags: {}, env: {}, cwd });
    expect(() => requireUrl(without)).toThrow(new ConfigError(['no Grafana URL: set GRAFANA_URL or --url']));
  });
});
