import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startRewritingProxy } from '../../helpers/rewriting-proxy.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';

/**
 * A gateway serving Grafanas under secret paths: `https://gw/<tokenA>` and `https://gw/<tokenB>` both
 * read `https://gw/[redacted]` once each run's token is hidden, yet are two targets. (Here both lead
 * to one sandbox, which only makes a wrong match visible: dashsync must still refuse it.)
 */
async function secretPathTargets() {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(/^\/[^/]+/, ''), answer: (body) => body });
  const workspace = await exampleWorkspace(sandbox);
  const tokens = [await sandbox.createToken('Admin'), await sandbox.createToken('Admin')] as const;
  const viaToken = (token: string) => ({ GRAFANA_URL: `${proxy.url}/${token}`, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token });
  return { proxy, workspace, tokens, a: viaToken(tokens[0]), b: viaToken(tokens[1]), aWithPassword: { GRAFANA_URL: `${proxy.url}/${tokens[0]}` } };
}

describe('two Grafanas whose URLs differ only in a secret path are not taken for one', () => {
  it('apply refuses a plan made for the other; the same URL signed in another way (password, not token) is the same Grafana', async () => {
    const { proxy, workspace, tokens, a, b, aWithPassword } = await secretPathTargets();
    expect((await workspace.cli(['plan', '--out', 'p.json'], a)).code).toBe(0);

    const refused = await workspace.cli(['apply', 'p.json'], b);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      `the plan was made for ${proxy.url}/[redacted], not ${proxy.url}/[redacted] (the same once secrets are hidden: its secret path differs); nothing was applied. For this Grafana, run dashsync plan --out p.json again and review it, then dashsync apply p.json`,
    );
    expect(refused.stdout + refused.stderr).not.toContain(tokens[1]);

    const applied = await workspace.cli(['apply', 'p.json'], aWithPassword);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
  });

  it('restore passes over a backup taken from the other; the same URL signed in another way finds it', async () => {
    const { proxy, workspace, tokens, a, b, aWithPassword } = await secretPathTargets();
    expect((await workspace.cli(['apply'], a)).code).toBe(0);
    await rm(join(workspace.dir, REDIS));
    const pruned = await workspace.cli(['apply', '--prune'], a);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('backup: .dashsync/backups/redis-exporter/');

    // Grafana 12 keeps no "Recently deleted" by default: the backup is the only copy, and it is not B's.
    const elsewhere = await workspace.cli(['restore', 'redis-exporter'], b);
    expect(elsewhere.code).not.toBe(0);
    expect(elsewhere.stdout + elsewhere.stderr).not.toContain(tokens[1]);
    expect(elsewhere.stderr).toContain(`and there is no backup of it from ${proxy.url}/[redacted] in .dashsync/backups`);

    const restored = await workspace.cli(['restore', 'redis-exporter'], aWithPassword);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toContain('redis-exporter');
  });
  it('a backup from before URLs were redacted and digested holds the URL as sent: restore through that URL finds it, through the other does not', async () => {
    const { proxy, workspace, tokens, a, b } = await secretPathTargets();
    expect((await workspace.cli(['apply'], a)).code).toBe(0);
    await rm(join(workspace.dir, REDIS));
    expect((await workspace.cli(['apply', '--prune'], a)).code).toBe(0);
    // As such a release wrote it: source.url as sent, secret and all, and no urlSha256.
    const dir = join(workspace.dir, '.dashsync/backups/redis-exporter');
    const [name] = await readdir(dir);
    const backup = JSON.parse(await readFile(join(dir, name!), 'utf8'));
    delete backup.source.urlSha256;
    backup.source.url = `${proxy.url}/${tokens[0]}`;
    await writeFile(join(dir, name!), JSON.stringify(backup, null, 2));

    const elsewhere = await workspace.cli(['restore', 'redis-exporter'], b);
    expect(elsewhere.code).not.toBe(0);
    expect(elsewhere.stderr).toContain(`and there is no backup of it from ${proxy.url}/[redacted] in .dashsync/backups`);
    expect(elsewhere.stdout + elsewhere.stderr).not.toContain(tokens[0]);
    const restored = await workspace.cli(['restore', 'redis-exporter'], a);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toMatch(/^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\/\S+ into folder /);
    expect(restored.stdout).not.toContain(tokens[0]);
  });
});
