import { describe, expect, it, vi } from 'vitest';
import { generatedTree, holdSavesAfter } from '../../helpers/generated-tree.js';
import { NO_RETRY_WAITS } from '../../helpers/run-cli.js';
import { requestsHeld } from '../../helpers/sandbox.js';
import { workspaceAt } from './workspace.js';

// Each request that meets the gone server is sent 8 times, at once (NO_RETRY_WAITS: what the run says is under test, not its waits).
vi.setConfig({ testTimeout: 60_000 });

const COUNT = 60;

describe('Grafana stops answering during an apply', () => {
  it('no new work starts: one line says why, the rest is listed as not started, and only writes in flight report on their own', async () => {
    const { sandbox, dir } = await generatedTree({ count: COUNT, seed: 9 });
    // Five saves are answered, then both slots (concurrency 2) are held: Grafana goes away with exactly those two
    // in flight, however the run and the test share this machine.
    holdSavesAfter(sandbox, 5);
    const saved = () => sandbox.requests().filter((entry) => entry.path === '/api/dashboards/db' && entry.status === 200);

    const applying = workspaceAt(dir, sandbox).cli(['apply', '--concurrency', '2', '--timeout', '600'], NO_RETRY_WAITS);
    await requestsHeld(sandbox, 2);
    // Gone, but the port stays the sandbox's (every connection is reset): a closed server's freed port could be
    // taken by another process on this machine before the retries reach it.
    await sandbox.goAway();
    const savedUids = saved().map((entry) => (entry.body as { dashboard: { uid: string } }).dashboard.uid);
    const applied = await applying;

    expect(applied.code).toBe(1);
    const errors = applied.stderr.split('\n').filter(Boolean);
    // The connection error is told once, in the line that says why the apply stopped.
    const stop = errors.filter((line) => line.startsWith('stopped: '));
    expect(stop).toHaveLength(1);
    // The request named is whichever met the gone server first: a save on /api, or a read (on 12, through /apis).
    expect(stop[0]).toMatch(
      /^stopped: Grafana stopped answering \((POST|GET) \/apis?\/\S+ failed: no response: connection (closed by the server|reset)[^)]*\) \(gave up after 8 attempts\)\), so no further change was started \((\d+) not started\); whether 2 writes landed is not known \(create \S+, \S+\): dashsync plan will show it\. Run dashsync apply again once it answers$/,
    );
    expect(errors.filter((line) => /connection (refused|reset|closed by the server)|ECONN|UND_ERR_SOCKET/.test(line))).toHaveLength(1);
    const notStarted = Number(/\((\d+) not started\)/.exec(stop[0]!)![1]);
    expect(notStarted).toBe(COUNT - 7);
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^not started \\(${notStarted}\\): create \\S+(, \\S+){19}; and ${notStarted - 20} more \\(dashsync plan lists them\\)$`)));
    // The two writes in flight (concurrency 2) report on their own, without repeating the error.
    // Their saves went out and no answer came: whether they landed is not known, and said so.
    const inFlight = errors.filter((line) => line.startsWith('unknown: ') || line.startsWith('failed: '));
    expect(inFlight).toHaveLength(2);
    for (const line of inFlight) expect(line).toMatch(/^unknown: create \S+ "[^"]*": no answer from Grafana; whether it landed is not known: dashsync plan will show it$/);

    // What the log says was done is exactly what Grafana saved; everything is accounted for.
    const created = [...applied.stdout.matchAll(/^created: (\S+) "/gm)].map((match) => match[1]!);
    expect(savedUids.sort()).toEqual(created.sort());
    expect(created).toHaveLength(5);
    expect(created.length + inFlight.length + notStarted).toBe(COUNT);
    expect(applied.stdout).toContain(`; ${inFlight.length ? `${inFlight.length} unknown, ` : ''}${notStarted} not started.`);
    expect(applied.stdout).toMatch(/\(stopped: Grafana stopped answering\)\n$/);
  });
});
