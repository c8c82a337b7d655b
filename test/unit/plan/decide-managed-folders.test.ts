import { describe, expect, it } from 'vitest';
import { deriveFolderUid, isDerivedFolderUid } from '../../../src/files/folder-uid.js';
import type { LiveFolder } from '../../../src/grafana/port.js';
import { decideManagedFolders, folderSubtree } from '../../../src/plan/decide-managed-folders.js';
import { folderEntry, liveFolder } from './builders.js';

const byUid = (...folders: LiveFolder[]) => new Map(folders.map((f) => [f.uid, f]));
const sorted = (set: Set<string>) => [...set].sort();

describe('decideManagedFolders', () => {
  const teamA = folderEntry({ uid: 'team-a', dir: 'team-a', title: 'Team A' });

  it('manages tree folders and live folders whose uid is derived from the directory they would have', () => {
    const tree = { folders: [folderEntry({ uid: 'platform-team', dir: 'platform', title: 'Platform Team' })], idleFolders: [] };
    const gone = deriveFolderUid('old-team');
    const goneUnderFolderFile = deriveFolderUid('platform/kubernetes');
    const live = byUid(
      liveFolder({ uid: 'platform-team', title: 'Platform Team' }),
      liveFolder({ uid: gone, title: 'old-team' }),
      // Its parent's title differs from the parent's directory: the directory decides.
      liveFolder({ uid: goneUnderFolderFile, title: 'kubernetes', parentUid: 'platform-team' }),
      liveFolder({ uid: 'handmade', title: 'old-team' }),
    );
    expect(sorted(decideManagedFolders(tree, live).managed)).toEqual([gone, goneUnderFolderFile, 'platform-team'].sort());
  });

  it("takes a folder no directory holds only when git's history shows it (known); the rest is unproven, its children too (audit-ux-2 #27)", () => {
    const tree = { folders: [teamA], idleFolders: [] };
    const apps = deriveFolderUid('applications');
    const checkout = deriveFolderUid('applications/checkout');
    const old = deriveFolderUid('team-a/old');
    const mine = deriveFolderUid('team-a/mine');
    const live = byUid(
      liveFolder({ uid: 'team-a', title: 'Team A' }),
      liveFolder({ uid: apps, title: 'applications' }),
      liveFolder({ uid: checkout, title: 'checkout', parentUid: apps }),
      liveFolder({ uid: old, title: 'old', parentUid: 'team-a' }),
      liveFolder({ uid: mine, title: 'renamed in the UI', parentUid: 'team-a' }),
      liveFolder({ uid: 'own-uid', title: 'Own', parentUid: 'team-a' }),
    );
    // Not asked yet: every folder rules 2 and 3 match; own-uid, which only git's evidence can take (rule 5), is for git to tell.
    const first = decideManagedFolders(tree, live);
    expect(sorted(first.managed)).toEqual([apps, checkout, mine, old, 'team-a'].sort());
    expect(first.gitMayTake).toEqual(['own-uid']);
    const decided = decideManagedFolders(tree, live, new Set([mine]));
    expect(sorted(decided.managed)).toEqual([mine, 'team-a'].sort());
    expect(decided.unproven).toEqual([apps, checkout, old].sort());
    // No git at all: only the tree's own directories.
    expect(sorted(decideManagedFolders(tree, live, new Set()).managed)).toEqual(['team-a']);
    // Below a managed parent, git's evidence alone takes a uid of its own, as at the top level (rule 5): no marks to read (walk-69 M1).
    const known = decideManagedFolders(tree, live, new Set(['own-uid']));
    expect(sorted(known.managed)).toEqual(['own-uid', 'team-a']);
    expect(known.gitMayTake).toEqual([]);
    expect(decideManagedFolders(tree, live, new Set()).gitMayTake).toEqual([]);
  });

  it('a directory holding only subdirectories is managed only when git held a dashboard in it; the folders below it are judged as below a managed one', () => {
    const parent = folderEntry({ uid: 'parent', dir: 'parent', title: 'Parent', passThrough: true });
    const child = folderEntry({ uid: 'child', dir: 'parent/child', title: 'Child', parentUid: 'parent' });
    const tree = { folders: [parent, child], idleFolders: [] };
    const gone = deriveFolderUid('parent/gone');
    const live = byUid(
      liveFolder({ uid: 'parent', title: 'Parent' }),
      liveFolder({ uid: 'child', title: 'Child', parentUid: 'parent' }),
      liveFolder({ uid: 'sib', title: 'Sib', parentUid: 'parent' }),
      liveFolder({ uid: gone, title: 'gone', parentUid: 'parent' }),
    );
    // git held parent/child and parent/gone, never a dashboard directly in parent/ (its _folder.json named it: no evidence alone).
    const pulledChild = decideManagedFolders(tree, live, new Set([gone, 'child']));
    expect(sorted(pulledChild.managed)).toEqual(['child', gone].sort());
    expect(pulledChild.passedOver).toEqual(['parent']);
    // sib, a uid of its own git never held: a folder made in the UI, neither taken nor named.
    expect(pulledChild.unproven).toEqual([]);
    // Not asked, and no git: passed over too.
    expect(decideManagedFolders(tree, live).passedOver).toEqual(['parent']);
    expect(sorted(decideManagedFolders(tree, live, new Set()).managed)).toEqual(['child']);
    // git held a dashboard in parent/: managed, and sib, which git held, below it.
    expect(sorted(decideManagedFolders(tree, live, new Set(['parent', 'sib', 'child'])).managed)).toEqual(['child', 'parent', 'sib']);
    expect(decideManagedFolders(tree, live, new Set(['parent', 'sib', 'child'])).passedOver).toEqual([]);
  });

  it('a top-level folder whose uid git held (a _folder.json uid of its own, or a derived uid retitled in Grafana) is managed, with its children; one git never held is not', () => {
    const retitled = deriveFolderUid('team-c');
    const below = deriveFolderUid('team-c/db');
    const live = byUid(
      liveFolder({ uid: 'team-b', title: 'Team B' }),
      liveFolder({ uid: retitled, title: 'Team C (old)' }),
      liveFolder({ uid: below, title: 'db', parentUid: retitled }),
      liveFolder({ uid: 'scratch', title: 'Scratch' }),
    );
    const tree = { folders: [], idleFolders: [] };
    expect(sorted(decideManagedFolders(tree, live, new Set(['team-b', retitled, below])).managed)).toEqual([below, retitled, 'team-b'].sort());
    // Not asked yet: only git can tell, so nothing is taken (the loader asks when a top-level folder is outside the tree).
    expect(sorted(decideManagedFolders(tree, live).managed)).toEqual([]);
    expect(decideManagedFolders(tree, live, new Set(['team-b'])).unproven).toEqual([]);
  });

  it('a folder externalFolders lists, and every folder below it, is neither managed nor unproven, whatever git knows', () => {
    const apps = deriveFolderUid('applications');
    const checkout = deriveFolderUid('applications/checkout');
    const old = deriveFolderUid('old');
    const live = byUid(liveFolder({ uid: apps, title: 'applications' }), liveFolder({ uid: checkout, title: 'checkout', parentUid: apps }), liveFolder({ uid: old, title: 'old' }));
    const tree = { folders: [], idleFolders: [] };
    const decided = decideManagedFolders(tree, live, new Set([old, apps]), [apps, 'not-live']);
    expect(sorted(decided.managed)).toEqual([old]);
    expect(decided.unproven).toEqual([]);
    expect(decideManagedFolders(tree, live, new Set([old]), []).unproven).toEqual([apps, checkout].sort());
  });

  it('a directory left holding only its _folder.json still anchors the folders below it (issue 10: rm -r team-a/svc)', () => {
    const svc = deriveFolderUid('team-a/svc');
    const live = byUid(liveFolder({ uid: 'team-a', title: 'Team A' }), liveFolder({ uid: svc, title: 'svc', parentUid: 'team-a' }));
    expect(sorted(decideManagedFolders({ folders: [], idleFolders: [teamA] }, live).managed)).toEqual([svc, 'team-a'].sort());
    // Without the _folder.json nothing ties "Team A" (a uid of its own) to the tree.
    expect(sorted(decideManagedFolders({ folders: [], idleFolders: [] }, live).managed)).toEqual([]);
  });

  // rev-68c: platform/_folder.json ("Platform Team", uid platform-team) above kubernetes/ and databases/, all removed: no title
  // gives the path back, and the parent, holding only subdirectories, is managed by no rule. Git's parent for each does.
  it('a folder git held under the folder git gave the directory above (a _folder.json of its own, holding only subdirectories) is judged as below a managed one; moved elsewhere, it is not', () => {
    const kubernetes = deriveFolderUid('platform/kubernetes');
    const databases = deriveFolderUid('platform/databases');
    const live = byUid(
      liveFolder({ uid: 'platform-team', title: 'Platform Team' }),
      liveFolder({ uid: kubernetes, title: 'kubernetes', parentUid: 'platform-team' }),
      liveFolder({ uid: databases, title: 'databases', parentUid: 'elsewhere' }),
      liveFolder({ uid: 'elsewhere', title: 'Elsewhere' }),
      liveFolder({ uid: 'named', title: 'Named', parentUid: 'platform-team' }),
    );
    const known = new Set([kubernetes, databases, 'named']);
    const parents = new Map([[kubernetes, 'platform-team'], [databases, 'platform-team'], ['named', 'platform-team']]);
    const tree = { folders: [], idleFolders: [] };
    // Its derived form takes kubernetes (rule 3); "named", a uid of its own, on git's evidence as at the top level (rule 5), whoever saved its dashboards.
    const first = decideManagedFolders(tree, live, known, [], new Set(['platform-team']), parents);
    expect(sorted(first.managed)).toEqual([kubernetes, 'named'].sort());
    expect(first.gitMayTake).toEqual([]);
    // Without git's parents (the rule before): none of them.
    expect(sorted(decideManagedFolders(tree, live, known, [], new Set(['platform-team'])).managed)).toEqual([]);
    // Not known (git never held it there): not taken, whatever parent is recorded.
    expect(sorted(decideManagedFolders(tree, live, new Set(), [], new Set(['platform-team']), parents).managed)).toEqual([]);
  });

  it('a folder of derived form below a managed one is managed, whatever path it came from, and so are its own children', () => {
    const renamed = deriveFolderUid('team-a/services');
    const child = deriveFolderUid('team-a/services/db');
    const live = byUid(
      liveFolder({ uid: 'team-a', title: 'Team A' }),
      // Retitled in Grafana: its path cannot be rebuilt, its form still says dashsync made it.
      liveFolder({ uid: renamed, title: 'Services (old)', parentUid: 'team-a' }),
      liveFolder({ uid: child, title: 'Databases', parentUid: renamed }),
    );
    expect(sorted(decideManagedFolders({ folders: [teamA], idleFolders: [] }, live).managed)).toEqual([child, renamed, 'team-a'].sort());
  });

  // Rule 4 (every dashboard inside saved last by dashsync) is retired: where git was read it only ever took folders rule 5 takes,
  // and a folder git never held is not taken whoever saved its dashboards (it may be a folder someone made in the UI).
  it('a folder with a uid of its own below a managed one is for git to tell: managed where git held it, whoever saved its dashboards', () => {
    const live = byUid(
      liveFolder({ uid: 'team-a', title: 'Team A' }),
      liveFolder({ uid: 'svc-custom', title: 'Services', parentUid: 'team-a' }),
      liveFolder({ uid: 'made-in-the-ui', title: 'Scratch', parentUid: 'team-a' }),
      liveFolder({ uid: 'elsewhere', title: 'Elsewhere' }),
      liveFolder({ uid: 'below-elsewhere', title: 'x', parentUid: 'elsewhere' }),
    );
    const tree = { folders: [teamA], idleFolders: [] };
    const first = decideManagedFolders(tree, live);
    expect(first.gitMayTake).toEqual(['made-in-the-ui', 'svc-custom']);
    const second = decideManagedFolders(tree, live, new Set(['svc-custom']));
    expect(sorted(second.managed)).toEqual(['svc-custom', 'team-a']);
    expect(second.gitMayTake).toEqual([]);
    expect(second.unproven).toEqual([]);
    expect(sorted(decideManagedFolders(tree, live, new Set()).managed)).toEqual(['team-a']);
  });

  it('never manages a top-level folder by form alone: another tree or tool may own it', () => {
    const foreign = 'ds-payments-0123abcd';
    const live = byUid(liveFolder({ uid: foreign, title: 'Payments' }), liveFolder({ uid: 'their-own', title: 'Theirs' }));
    const decided = decideManagedFolders({ folders: [teamA], idleFolders: [] }, live);
    expect(sorted(decided.managed)).toEqual(['team-a']);
    expect(decided.gitMayTake).toEqual([]);
  });
});

describe('isDerivedFolderUid', () => {
  it('tells the form deriveFolderUid gives from other uids', () => {
    for (const dir of ['team-a/svc', 'Ünïcode Team', '!!!', 'a'.repeat(60)]) expect(isDerivedFolderUid(deriveFolderUid(dir))).toBe(true);
    for (const uid of ['team-a', 'ds-svc', 'ds-svc-5ED058A1', 'xds-svc-5ed058a1', 'ds--5ed058a1', 'ds-svc-5ed058a1x']) expect(isDerivedFolderUid(uid)).toBe(false);
  });
});

describe('folderSubtree', () => {
  it('is a folder and everything below it', () => {
    const live = byUid(liveFolder({ uid: 'a' }), liveFolder({ uid: 'b', parentUid: 'a' }), liveFolder({ uid: 'c', parentUid: 'b' }), liveFolder({ uid: 'd' }));
    expect(sorted(folderSubtree('a', live))).toEqual(['a', 'b', 'c']);
  });
});
