import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultUserAgent } from '../../src/grafana/user-agent.js';
import { DASHSYNC_VERSION } from '../../src/version.js';

describe('version', () => {
  it('is the version in package.json, which the plan file, the User-Agent and --version report', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(DASHSYNC_VERSION).toBe(pkg.version);
    expect(defaultUserAgent()).toBe(`dashsync/${pkg.version}`);
  });
});
