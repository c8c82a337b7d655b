import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { commitAll, git, makeWorkDir } from '../pull/pull-fixture.js';
import { runCliInProcess } from './run-cli.js';
import { startTestSandbox } from './sandbox.js';

/** Both APIs: Grafana 12 through `/api`, Grafana 13 with `--api auto` (through `/apis`). */
export const MERGED_PLANS_CASES = [
  { grafanaVersion: '12', api: 'legacy' },
  { grafanaVersion: '13', api: 'auto' },
] as const;

type MergedPlansCase = (typeof MERGED_PLANS_CASES)[number];

const model = (uid: string, description = '') => ({ uid, title: uid, description, schemaVersion: 39, panels: [] });

/**
 * Two pull requests on different dashboards (A: dashboards/a.json, B: dashboards/b.json), each planned on its own branch
 * (`plan-a.json`, `plan-b.json` in the repository's directory, untracked), then both merged into main, which is checked
 * out: a saved plan of either applied there finds the other's file changed since it was made. Grafana holds main as it was.
 */
export async function twoMergedPlans({ grafanaVersion, api }: MergedPlansCase): Promise<{ sandbox: Awaited<ReturnType<typeof startTestSandbox>>; dir: string; env: Record<string, string>; token: string; head: string }> {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await makeWorkDir();
  const write = (uid: string, description = '') => writeFile(join(dir, 'dashboards', `${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
  await mkdir(join(dir, 'dashboards'));
  for (const uid of ['a', 'b']) await write(uid);
  await commitAll(dir, 'two dashboards');
  const main = (await git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).trim();
  const token = await sandbox.createToken('Admin');
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token };
  const cli = (args: string[]) => runCliInProcess([...args, '--api', api], { cwd: dir, env });
  expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
  for (const uid of ['a', 'b']) {
    await git(dir, 'checkout', '-q', '-b', `pr-${uid}`, main);
    await write(uid, `pull request ${uid}`);
    await commitAll(dir, `${uid}: description`);
    expect((await cli(['plan', '--out', `plan-${uid}.json`])).code).toBe(0);
  }
  await git(dir, 'checkout', '-q', main);
  for (const uid of ['a', 'b']) await git(dir, 'merge', '-q', '--no-ff', '-m', `Merge pull request ${uid}`, `pr-${uid}`);
  return { sandbox, dir, env, token, head: (await git(dir, 'rev-parse', 'HEAD')).trim() };
}
