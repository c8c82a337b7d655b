import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeWorkspace, runAction } from '../../action/run-action.js';
import { runCli } from '../../helpers/run-cli.js';

const TOKEN = 'glsa_YNgZq8Lr2XbT0vKpWm4sHd9eJc7aFu1N_4c1d2e3f';

/** Each way a Grafana URL is refused, with a token pasted into its path. */
const REFUSED: { url: string; problem: string }[] = [
  { url: `https://gw.example.com/${TOKEN}?x=1`, problem: 'must not have a query string or fragment: https://gw.example.com/… (the rest is not shown, as it may hold a token); remove the part from "?" or "#" on' },
  { url: `https://gw.example.com/${TOKEN}#top`, problem: 'must not have a query string or fragment: https://gw.example.com/… (the rest is not shown, as it may hold a token); remove the part from "?" or "#" on' },
  { url: `gw.example.com/${TOKEN}`, problem: 'has no scheme: start it with https:// (or http://), e.g. https://grafana.example.com (the value is not shown, as it may hold a token)' },
  { url: `${TOKEN}/x`, problem: 'is not a valid URL: write it as https://<host>[/<sub-path>], e.g. https://grafana.example.com (the value is not shown, as it may hold a token)' },
];

async function emptyDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-url-refused-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Refused before the credentials are read, so nothing could redact it afterwards: the message itself must not carry the path. */
describe('a refused Grafana URL is never echoed beyond its scheme and host', () => {
  it.each(REFUSED)('GRAFANA_URL=$url', async ({ url, problem }) => {
    const result = await runCli(['plan'], { cwd: await emptyDir(), env: { GRAFANA_URL: url, GRAFANA_TOKEN: TOKEN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`GRAFANA_URL ${problem}`);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it.each(REFUSED)('the config file\'s "url": $url (named by line:col)', async ({ url, problem }) => {
    const dir = await emptyDir();
    await writeFile(join(dir, 'dashsync.config.json'), `{\n  "url": ${JSON.stringify(url)}\n}\n`);
    const result = await runCli(['plan'], { cwd: dir, env: { GRAFANA_TOKEN: TOKEN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`dashsync.config.json:2:10: "url" ${problem}`);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('the Action\'s grafana-url input (the same parser): the log, outputs and summary do not hold the token', async () => {
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'plan', 'grafana-url': REFUSED[0]!.url, 'grafana-token': TOKEN });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(`input "grafana-url" ${REFUSED[0]!.problem}`);
    // The one line allowed to hold it: the command that tells the runner to mask it.
    const log = (run.stdout + run.stderr).split('\n').filter((line) => line !== `::add-mask::${TOKEN}`);
    expect([...log, run.outputsText, run.summary].join('\n')).not.toContain(TOKEN);
  });
});
