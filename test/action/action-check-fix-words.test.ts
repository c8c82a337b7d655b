import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

// env-59 (stop 58 §10.3): the Action's plan annotated `… dashsync check --fix writes it, or says why not`, a command its
// step cannot run for the branch (it writes files no commit takes): the Action names it as one for a checkout of the branch.
const FILE = 'dashboards/team-a/made-in-staging.json';
const MADE = {
  uid: 'made-in-staging',
  title: 'Made in staging',
  schemaVersion: 41,
  panels: [{ id: 1, type: 'timeseries', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: 'prom-staging' }, targets: [{ refId: 'A', expr: 'up' }] }],
};
const ACTION_WORDS = 'in a checkout of this branch, dashsync check --fix writes it, or says why not (then commit the files it changed) (datasource-literal-of-env)';
const CLI_WORDS = 'dashsync check --fix writes it, or says why not (datasource-literal-of-env)';

async function stagingWorkspace(url: string): Promise<string> {
  const workspace = await makeWorkspace();
  const inputs = (prom: string) => ({ url, inputs: { DS_PROMETHEUS: prom } });
  await writeFile(join(workspace, 'dashsync.config.json'), canonicalJson({ root: 'dashboards', environments: { staging: inputs('prom-staging'), production: inputs('prom-main') } }));
  await mkdir(join(workspace, 'dashboards/team-a'), { recursive: true });
  await writeFile(join(workspace, FILE), canonicalJson(MADE));
  return workspace;
}

describe("the Action's words for check --fix", () => {
  it('a plan annotates a literal of one environment with check --fix for a checkout of the branch; its saved plan keeps the CLI words', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await stagingWorkspace(sandbox.url);

    const plan = await runAction(workspace, { command: 'plan', environment: 'staging', 'grafana-token': token });

    expect(plan.code, plan.stdout).toBe(0);
    const annotations = plan.stdout.split('\n').filter((line) => line.startsWith('::') && line.includes('(datasource-literal-of-env)'));
    expect(annotations).toEqual([expect.stringMatching(new RegExp(`^::warning title=dashsync datasource-literal-of-env,file=${FILE},line=\\d+,col=\\d+::.*; ${escape(ACTION_WORDS)}$`))]);
    expect(plan.summary).toContain(ACTION_WORDS);
    expect(plan.summary).not.toContain(`own; ${CLI_WORDS}`);
    const saved = JSON.parse(await readFile(join(workspace, 'dashsync-plan.json'), 'utf8')) as { warnings: { rule?: string; message: string }[] };
    expect(saved.warnings.filter((warning) => warning.rule === 'datasource-literal-of-env').map((warning) => warning.message.endsWith(`own; ${CLI_WORDS}`))).toEqual([true]);
  });

  it('command: check says the same', async () => {
    const workspace = await stagingWorkspace('http://127.0.0.1:9');

    const check = await runAction(workspace, { command: 'check' });

    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout.split('\n').filter((line) => line.includes('datasource-literal-of-env')), check.stdout).toEqual([expect.stringMatching(new RegExp(`^::warning title=datasource-literal-of-env,file=${FILE},line=6,col=16::.*; ${escape(ACTION_WORDS.replace(' (datasource-literal-of-env)', ''))}$`))]);
  });
});

/** `text` as a regular expression that matches it literally. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
