import { describe, expect, it } from 'vitest';
import { findUidsDifferingInCase } from '../../../src/check/find-uids-differing-in-case.js';
import { entry, folderEntry, tree } from '../plan/builders.js';

const display = (absPath: string) => absPath.replace('/repo/', '');

describe('findUidsDifferingInCase', () => {
  it('among thousands of uids finds exactly those that differ only in case, each named once from both sides', () => {
    const dashboards = Array.from({ length: 6000 }, (_, i) => entry({ uid: `dash-${i}` }));
    dashboards.splice(1000, 0, entry({ uid: 'DASH-7' }));
    dashboards.push(entry({ uid: 'Dash-7' }), entry({ uid: 'Team' }));
    const folders = [folderEntry({ uid: 'team' }), folderEntry({ uid: 'other' })];

    const clashes = findUidsDifferingInCase(tree({ dashboards, folders }), display);

    expect(clashes.map((clash) => [clash.uid, clash.absPath])).toEqual([
      ['dash-7', '/repo/dashboards/dash-7.json'],
      ['DASH-7', '/repo/dashboards/DASH-7.json'],
      ['Dash-7', '/repo/dashboards/Dash-7.json'],
      ['Team', '/repo/dashboards/Team.json'],
      ['team', '/repo/dashboards/team/_folder.json'],
    ]);
    expect(clashes[0]!.message).toBe(
      'uid "dash-7" differs only in case from dashboard dashboards/DASH-7.json ("DASH-7"), dashboard dashboards/Dash-7.json ("Dash-7"): ' +
        'Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid',
    );
    expect(clashes[3]!.message).toContain('folder dashboards/team/_folder.json ("team", on Grafana 11.2, which keeps folders and dashboards in one uid space)');
  });

  it('finds nothing when uids differ in more than case, and names a uid repeated exactly only by the others', () => {
    const dashboards = Array.from({ length: 3000 }, (_, i) => entry({ uid: `u${i}` }));
    expect(findUidsDifferingInCase(tree({ dashboards }), display)).toEqual([]);
    const repeated = findUidsDifferingInCase(tree({ dashboards: [entry({ uid: 'a' }), entry({ uid: 'a', file: 'dashboards/a2.json', absPath: '/repo/dashboards/a2.json' }), entry({ uid: 'A' })] }), display);
    expect(repeated.map((clash) => clash.uid)).toEqual(['a', 'a', 'A']);
    expect(repeated[2]!.message).toContain('from dashboard dashboards/a.json ("a"), dashboard dashboards/a2.json ("a")');
  });
});
