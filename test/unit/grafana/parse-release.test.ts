import { describe, expect, it } from 'vitest';
import { checkPlanGrafanaVersion } from '../../../src/apply/check-plan-target.js';
import { parseRelease } from '../../../src/grafana/parse-release.js';
import { capabilitiesOf } from '../../../src/grafana/legacy/capabilities.js';
import { hasUniqueTitlesPerFolder } from '../../../src/grafana/legacy/endpoints/server.js';

describe('parseRelease', () => {
  it('reads the numbers of a release string, past a pre-release, build or security suffix', () => {
    expect(parseRelease('12.3.2')).toEqual({ major: 12, minor: 3, patch: 2 });
    expect(parseRelease('v11.2.0')).toEqual({ major: 11, minor: 2, patch: 0 });
    expect(parseRelease('12.0.0-pre')).toEqual({ major: 12, minor: 0, patch: 0 });
    expect(parseRelease('11.6.0+security-01')).toEqual({ major: 11, minor: 6, patch: 0 });
    expect(parseRelease('13.0.0-12345')).toEqual({ major: 13, minor: 0, patch: 0 });
    expect(parseRelease('12.4.0-17534282538.patch1')).toEqual({ major: 12, minor: 4, patch: 0 });
    expect(parseRelease('13.1')).toEqual({ major: 13, minor: 1, patch: 0 });
  });

  it('reads no release from a hidden version or from text that is not one', () => {
    for (const text of [null, '', '13', '13.', '12.x', 'v', 'latest', 'twelve.three', '12.3.2 extra', ' 12.3.2', '12.3.2.', '12..3', '-12.3.2']) {
      expect(parseRelease(text), String(text)).toBeNull();
    }
  });

  it('is how every release rule reads the version: a string that is not a release gets the hidden version\'s answers everywhere', () => {
    for (const text of ['12.x', '13.', 'latest']) {
      expect(capabilitiesOf(text), text).toEqual(capabilitiesOf(null));
      expect(hasUniqueTitlesPerFolder(text), text).toBe(true);
    }
    const madeOn = (grafanaVersion: string) => ({ target: { url: 'https://g.example.com', orgId: null, grafanaVersion, environment: null } });
    expect(checkPlanGrafanaVersion(madeOn('13.0.2'), '12.x')).toBeNull();
  });

  it('gives a suffixed release the answers of its numbers', () => {
    expect(capabilitiesOf('11.6.0+security-01')).toEqual(capabilitiesOf('11.6.0'));
    expect(capabilitiesOf('12.0.0-pre')).toEqual(capabilitiesOf('12.0.0'));
    expect(capabilitiesOf('13.0.0-12345')).toEqual(capabilitiesOf('13.0.0'));
    expect(capabilitiesOf('11.6.0+security-01').trashHoldsLibraryPanels).toBe(false);
    expect(capabilitiesOf('12.2.1-pre').apisSchemaVersion).toBe(41);
    expect(hasUniqueTitlesPerFolder('11.2.3+security-01')).toBe(true);
    expect(hasUniqueTitlesPerFolder('11.3.0-pre')).toBe(false);
    const madeOn = (grafanaVersion: string) => ({ target: { url: 'https://g.example.com', orgId: null, grafanaVersion, environment: null } });
    expect(checkPlanGrafanaVersion(madeOn('13.1.0-12345'), '13.0.2+security-01')).toBe('older-release');
  });
});
