import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLegacyPort } from '../../../src/grafana/legacy/create-legacy-port.js';
import { portClientOptions } from '../../helpers/port-client-options.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

// A plan's time under network latency is its round trips one after another on each connection: what the plan does with an
// answer must not hold back the read that follows it on that connection (docs/performance.md, perf-58a).
describe('legacy port: readDashboards on one connection', () => {
  it('has written the next dashboard read by the time the caller gets an answer', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const uids = ['a', 'b', 'c', 'd', 'e'];
    for (const uid of uids) {
      expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: `Dashboard ${uid}`, schemaVersion: 39 } })).status).toBe(200);
    }
    // The request heads undici writes to its sockets, as it writes them.
    const written: string[] = [];
    const onHeaders = (message: unknown) => {
      const path = (message as { request: { path: string } }).request.path;
      if (path.startsWith('/api/dashboards/uid/')) written.push(path.slice('/api/dashboards/uid/'.length));
    };
    subscribe('undici:client:sendHeaders', onHeaders);
    onTestFinished(() => void unsubscribe('undici:client:sendHeaders', onHeaders));

    const grafana = createLegacyPort(portClientOptions(sandbox, { concurrency: 1 }));
    const writtenWhenTaken: [string, string[]][] = [];
    for await (const read of grafana.readDashboards(uids, { concurrency: 1, pushedFrom: new Map() })) {
      expect(read).toHaveProperty('live.model.uid', read.uid);
      writtenWhenTaken.push([read.uid, [...written]]);
    }
    await grafana.close();

    // One connection, one request on it at a time: each answer's successor went out before the caller took the answer.
    expect(writtenWhenTaken).toEqual(uids.map((uid, index) => [uid, uids.slice(0, index + 2)]));
  });
});
