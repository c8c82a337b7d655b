import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

describe('startTestSandbox', () => {
  let fromHook: SandboxHandle;
  let fromTest: SandboxHandle;
  /** Ends when the sandbox ends its connections (asked of the connection, not of the port, which anyone may take once freed). */
  let connectionEnded: Promise<void>;
  beforeAll(async () => {
    fromHook = await startTestSandbox();
  });
  afterAll(async () => {
    // The test's own sandbox is closed when its test finished: it ended the connection the test held open.
    // (Left open, the hook times out.)
    await connectionEnded;
  });

  it('starts on a free port and talks over the real socket with admin basic auth', async () => {
    fromTest = await startTestSandbox({ grafanaVersion: '13' });
    expect(fromTest.port).toBeGreaterThan(0);
    expect(fromTest.url).toBe(`http://127.0.0.1:${fromTest.port}`);
    const socket = connect(fromTest.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    connectionEnded = new Promise((resolve) => socket.once('close', () => resolve()));
    const user = await apiRequest(fromTest, 'GET', '/api/user', undefined, adminHeaders(1));
    expect([user.status, user.body.login]).toEqual([200, 'admin']);
    const hook = await apiRequest(fromHook, 'GET', '/api/health', undefined, {});
    expect(hook.body.version).toBe('12.3.2');
  });
});
