import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { loadCommands } from '../../src/cli/commands/index.js';
import { GLOBAL_OPTIONS } from '../../src/cli/options.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startRewritingProxy } from '../helpers/rewriting-proxy.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { exampleWorkspace } from './apply/workspace.js';

vi.setConfig({ testTimeout: 600_000 });

const COMMANDS = ['plan', 'apply', 'check', 'pull', 'restore', 'show', 'sandbox'];
/** A plan file this inventory has each plan run save (where --out is not the word under test), and reads back. */
const PLAN_FILE = 'inventory.plan.json';

/** The options a command defines that take a value (booleans take none: a URL after one is a positional), and whether it has `--format json`. */
async function valueOptions(command: string): Promise<{ options: string[]; json: boolean }> {
  const { commands } = await loadCommands([command]);
  // yargs' runtime API (the typings leave getOptions out), as run-cli reads it.
  const parser = commands[0]!.builder(yargs([]).options(GLOBAL_OPTIONS)) as unknown as { getOptions: () => { key: Record<string, unknown>; boolean: string[]; choices: Record<string, string[]> } };
  const table = parser.getOptions();
  const options = Object.keys(table.key).filter((name) => !/[A-Z]/.test(name) && !table.boolean.includes(name)).map((name) => `--${name}`);
  return { options, json: table.choices.format?.includes('json') ?? false };
}

/**
 * A URL holding the run's token typed where a uid, a file, an environment name or another flag's value goes (`--url` left
 * out, a URL pasted into the wrong place): whatever each command makes of it, the token shows nowhere: not on stdout, not on
 * stderr, not in a plan file the run saves; in text and in JSON.
 */
describe("a URL holding the run's token, typed into any of a command's words, never shows the token", () => {
  it('every positional and every option that takes a value, of every command, and the variables naming a setting', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    // A gateway serving Grafana under /<token>: the URL is a real Grafana's wherever it is taken as one (--url, --backup-source).
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(`/${token}`, ''), answer: (body) => body });
    const url = `${proxy.url}/${token}`;
    const plain = await exampleWorkspace(sandbox);
    const withEnvironments = await exampleWorkspace(sandbox);
    await writeFile(join(withEnvironments.dir, 'dashsync.config.json'), JSON.stringify({ inputs: { DS_PROMETHEUS: 'prometheus' }, environments: { prod: { url: sandbox.url } } }));
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token };

    const leaks: string[] = [];
    let runs = 0;
    const run = async (dir: string, args: string[], extraEnv: Record<string, string> = {}) => {
      const saves = args[0] === 'plan' && !args.includes('--out');
      const full = [...args, ...(saves ? ['--out', PLAN_FILE] : []), ...(args[0] === 'sandbox' && !args.includes('--port') ? ['--port', '70000'] : [])];
      await rm(join(dir, PLAN_FILE), { force: true });
      const result = await runCliInProcess(full, { cwd: dir, env: { ...env, ...extraEnv } });
      runs += 1;
      const saved = saves ? await readFile(join(dir, PLAN_FILE), 'utf8').catch(() => '') : '';
      const where = [['stdout', result.stdout], ['stderr', result.stderr], [PLAN_FILE, saved]].filter(([, text]) => text!.includes(token)).map(([name]) => name);
      const shown = `${Object.keys(extraEnv).map((name) => `${name}=<url> `).join('')}dashsync ${full.join(' ')}`.replaceAll(url, '<url>');
      if (where.length > 0) leaks.push(`${shown} → ${where.join(', ')}: ${(result.stderr + result.stdout).split('\n').find((line) => line.includes(token))}`);
    };

    for (const command of COMMANDS) {
      const { options, json } = await valueOptions(command);
      const formats = json ? [[], ['--format', 'json']] : [[]];
      for (const format of formats) {
        await run(plain.dir, [command, url, ...format]);
        await run(withEnvironments.dir, [command, '--env', 'prod', url, ...format]);
        for (const option of options) if (!(option === '--format' && format.length > 0)) await run(plain.dir, [command, option, url, ...format]);
        for (const variable of ['DASHSYNC_ENV', 'GRAFANA_ORG_ID']) await run(withEnvironments.dir, [command, ...format], { [variable]: url });
      }
    }

    expect(runs).toBeGreaterThan(150);
    expect(leaks).toEqual([]);
  });
});
