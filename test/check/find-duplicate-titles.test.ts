import { describe, expect, it } from 'vitest';
import { findDuplicateTitles } from '../../src/check/find-duplicate-titles.js';

const entry = (file: string, folderUid: string | null, title: string) => ({ file, folderUid, title });

describe('findDuplicateTitles', () => {
  it('reports each file of a folder whose title another file of that folder shares', () => {
    const findings = findDuplicateTitles([
      entry('a.json', 'team', 'CPU'),
      entry('b.json', 'team', 'CPU'),
      entry('c.json', 'other', 'CPU'),
      entry('d.json', null, 'CPU'),
    ]);
    expect(findings).toEqual([
      { file: 'a.json', title: 'CPU', others: [{ file: 'b.json', environments: [] }] },
      { file: 'b.json', title: 'CPU', others: [{ file: 'a.json', environments: [] }] },
    ]);
  });

  it('compares titles the way Grafana 11.2 does, by slug', () => {
    const findings = findDuplicateTitles([entry('a.json', null, 'CPU usage'), entry('b.json', null, 'cpu-usage'), entry('c.json', null, 'CPU usage 2')]);
    expect(findings.map((f) => f.file)).toEqual(['a.json', 'b.json']);
  });

  it('does not lump together titles without letters or digits', () => {
    expect(findDuplicateTitles([entry('a.json', null, '🔥'), entry('b.json', null, '🚀')])).toEqual([]);
    expect(findDuplicateTitles([entry('a.json', null, '🔥'), entry('b.json', null, '🔥')])).toHaveLength(2);
  });
});
