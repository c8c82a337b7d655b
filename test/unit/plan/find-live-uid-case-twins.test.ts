import { describe, expect, it } from 'vitest';
import { findLiveUidCaseTwins } from '../../../src/plan/find-live-uid-case-twins.js';

const files = [
  { uid: 'abc', file: 'dashboards/abc.json' },
  { uid: 'Same', file: 'dashboards/same.json' },
  { uid: 'new', file: 'dashboards/new.json' },
];

describe('findLiveUidCaseTwins', () => {
  it('names a file whose uid Grafana holds in another case only, and no file whose own uid is live or absent', () => {
    const found = findLiveUidCaseTwins(files, ['ABC', 'Same', 'SAME', 'other'], new Map());
    expect(found.map((d) => [d.file, d.rule])).toEqual([['dashboards/abc.json', 'uid-case-twin-in-grafana']]);
    expect(found[0]!.message).toContain('uid "abc" differs only in case from the dashboard "ABC" in Grafana');
  });

  it('names a file whose read Grafana answered with another uid, whatever the listing shows', () => {
    const found = findLiveUidCaseTwins(files, [], new Map([['new', 'NEW']]));
    expect(found.map((d) => d.file)).toEqual(['dashboards/new.json']);
    expect(found[0]!.message).toContain('give the file the uid "NEW"');
  });
});
