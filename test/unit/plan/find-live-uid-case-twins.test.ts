import { describe, expect, it } from 'vitest';
import { describeLiveUidCaseTwins, findListedUidCaseTwins } from '../../../src/plan/find-live-uid-case-twins.js';

const files = [
  { uid: 'abc', file: 'dashboards/abc.json' },
  { uid: 'Same', file: 'dashboards/same.json' },
  { uid: 'new', file: 'dashboards/new.json' },
];

describe('findLiveUidCaseTwins', () => {
  it('finds a file uid listed in another case only, and no file whose own uid is listed or absent', () => {
    expect([...findListedUidCaseTwins(files, ['ABC', 'Same', 'SAME', 'other'])]).toEqual([['abc', 'ABC']]);
  });

  it('names a file whose read Grafana answered with another uid', () => {
    const found = describeLiveUidCaseTwins(files, new Map([['new', 'NEW']]));
    expect(found.map((d) => d.file)).toEqual(['dashboards/new.json']);
    expect(found[0]!.message).toContain('give the file the uid "NEW"');
  });
});
