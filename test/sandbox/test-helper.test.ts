import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

describe('startTestSandbox', () => {
  let fromHook: SandboxHandle;
  let fromTest: SandboxHandle;
  beforeAll(async () => {
    fromHook = await startTestSandbox();
  });
  afterAll(async () => {
    // The test's own sandbox is closed when its test finished: the port refuses connections.
    await expect(fetch(`${fromTest.url}/api/health`)).rejects.toThrow();
  });

  it('starts on a free port and talks over the real socket with admin basic auth', async () => {
    fromTest = await startTestSandbox({ grafanaVersion: '13' });
    expect(fromTest.port).toBeGreaterThan(0);
    expect(fromTest.url).toBe(`http://127.0.0.1:${fromTest.port}`);
    const user = await apiRequest(fromTest, 'GET', '/api/user', undefined, adminHeaders(1));
    expect([user.status, user.body.login]).toEqual([200, 'admin']);
    const hook = await apiRequest(fromHook, 'GET', '/api/health', undefined, {});
    expect(hook.body.version).toBe('12.3.2');
  });
});
