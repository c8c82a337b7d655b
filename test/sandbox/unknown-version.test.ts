import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { GrafanaVersion } from '../../src/sandbox/types.js';

describe('a sandbox asked for a Grafana it does not serve', () => {
  it('refuses with one line naming the versions it serves (a bare "11" crashed in resolveFeatures)', async () => {
    await expect(startSandbox({ grafanaVersion: '11' as GrafanaVersion, port: 0 })).rejects.toThrow(
      /^grafanaVersion "11" is not a Grafana the sandbox serves: give one of 11\.2, 12, 13$/,
    );
  });
});
