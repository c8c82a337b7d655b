import { describe, expect, it } from 'vitest';
import { decideLibraryPanelHistory } from '../../src/pull/decide-library-panel-history.js';

// Texts stand for committed versions; `live` is the text Grafana holds.
const history = (texts: string[], shallow = false) => ({ versions: texts.map((text, at) => ({ text, commit: `c${at}`.padEnd(40, '0') })), shallow });
// A text's content is its letters: 'head' and ' HEAD ' are two spellings of one panel; '!' is no usable panel.
const contentOfText = (text: string) => (text === '!' ? null : text.trim().toLowerCase());
const contentOf = ({ text }: { text: string }) => contentOfText(text);
const holdsLiveWithOlderInputs = () => false;
const decide = (texts: string[], live: string, shallow = false, pushedByDashsync: boolean | null = true) =>
  decideLibraryPanelHistory(history(texts, shallow), { holdsLive: (version) => contentOf(version) === live, holdsLiveWithOlderInputs, contentOf }, pushedByDashsync);

describe('decideLibraryPanelHistory (a committed _library/ file Grafana\'s version would replace)', () => {
  it('keeps the file when an earlier commit holds the live panel, naming the first commit Grafana lacks', () => {
    expect(decide(['head', 'mid', 'live'], 'live')).toEqual({ action: 'keep', reason: 'committed-not-applied', commit: 'c1'.padEnd(40, '0'), laterCommits: 1 });
  });

  it('lets Grafana\'s version in when git has held one text of the file in a full clone, or git gave nothing', () => {
    expect(decide(['head'], 'live')).toBeNull();
    expect(decideLibraryPanelHistory(null, { holdsLive: () => false, holdsLiveWithOlderInputs, contentOf }, true)).toBeNull();
  });

  it('refuses when the file changed in git and Grafana holds none of its versions, or a shallow clone may hide one', () => {
    // The hand merge applies that commit's change alone: from the commit before it (walk-70 M4).
    expect(decide(['head', 'older'], 'live')).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: 'c0'.padEnd(40, '0'), merge: { head: 'c0'.padEnd(40, '0'), base: 'c1'.padEnd(40, '0') } });
    expect(decide(['head'], 'live', true)).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: 'c0'.padEnd(40, '0'), merge: { head: 'c0'.padEnd(40, '0') } });
    expect(decide(['head', 'older'], 'live', false, null)).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: 'c0'.padEnd(40, '0'), merge: { head: 'c0'.padEnd(40, '0'), base: 'c1'.padEnd(40, '0') } });
  });

  it('gives the hand merge no base where git moved the file since the commit before its change (a patch of another path applies nothing)', () => {
    const versions = [
      { text: 'head', commit: 'c0'.padEnd(40, '0'), path: '_library/cpu.json' },
      { text: 'older', commit: 'c1'.padEnd(40, '0'), path: 'team/_library/cpu.json' },
    ];
    const decided = decideLibraryPanelHistory({ versions, shallow: false }, { holdsLive: () => false, holdsLiveWithOlderInputs, contentOf }, true);
    expect(decided).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: 'c0'.padEnd(40, '0'), merge: { head: 'c0'.padEnd(40, '0') } });
  });

  it('takes Grafana\'s version over the newest commit when Grafana shows no save by dashsync (a team that edits in Grafana and pulls)', () => {
    expect(decide(['head', 'older'], 'live', false, false)).toEqual({ action: 'adopt', reason: 'library-never-pushed', commit: 'c0'.padEnd(40, '0'), head: 'c0'.padEnd(40, '0'), base: 'c1'.padEnd(40, '0') });
    // An earlier commit holding the live panel still means a commit not applied yet.
    expect(decide(['head', 'live'], 'live', false, false)).toEqual({ action: 'keep', reason: 'committed-not-applied', commit: 'c0'.padEnd(40, '0'), laterCommits: 0 });
  });

  // audit-ux-15 M-2: a commit that only respelled the file (check --fix) is no change.
  it('counts commits by content: a respelling commit is no change, and a change is named by the commit that brought its content', () => {
    const c = (at: number) => `c${at}`.padEnd(40, '0');
    expect(decide([' HEAD ', 'head'], 'live')).toBeNull();
    expect(decide([' HEAD ', 'head'], 'live', true)).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: c(1), merge: { head: c(0) } });
    expect(decide(['HEAD', 'head', 'older'], 'live')).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: c(1), merge: { head: c(0), base: c(2) } });
    expect(decide(['HEAD', 'head', 'older'], 'live', false, false)).toEqual({ action: 'adopt', reason: 'library-never-pushed', commit: c(1), head: c(0), base: c(2) });
    // Grafana holds the first content: one change (two commits) is not applied, named by its first commit, no later one counted.
    expect(decide(['MINE', 'mine', 'live'], 'live')).toEqual({ action: 'keep', reason: 'committed-not-applied', commit: c(1), laterCommits: 0 });
    // A text that is no usable panel is a content of its own.
    expect(decide(['!', '!'], 'live')).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: c(0), merge: { head: c(0), base: c(1) } });
  });
});

// walk-71 M3: the record of this clone's pulls (LibraryPullRecord) is what shows a content Grafana had.
describe('decideLibraryPanelHistory with the contents pulls in this clone took from Grafana', () => {
  const c = (at: number) => `c${at}`.padEnd(40, '0');
  const withPulled = (texts: string[], pulled: string[], pushedByDashsync: boolean | null) =>
    decideLibraryPanelHistory(history(texts), { holdsLive: (version) => contentOf(version) === 'live', holdsLiveWithOlderInputs, contentOf, pulled: ({ text }) => pulled.includes(text) }, pushedByDashsync);

  it("takes Grafana's version where the file's newest content is one a pull took (any spelling of it), whoever saved the panel", () => {
    expect(withPulled(['pulled', 'older'], ['pulled'], true)).toBeNull();
    expect(withPulled(['pulled', 'older'], ['pulled'], false)).toBeNull();
    expect(withPulled([' PULLED ', 'pulled', 'older'], ['pulled'], null)).toBeNull();
  });

  it('starts the hand merge from the newest earlier content a pull took, so that every change since is applied', () => {
    expect(withPulled(['mine 2', 'mine 1', 'pulled'], ['pulled'], true)).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: c(0), merge: { head: c(0), base: c(2) } });
    expect(withPulled(['mine 2', 'mine 1', 'pulled'], ['pulled'], false)).toEqual({ action: 'adopt', reason: 'library-never-pushed', commit: c(0), head: c(0), base: c(2) });
    // None read: the commit before the change, as before.
    expect(withPulled(['mine 2', 'mine 1', 'older'], [], true)).toEqual({ action: 'refuse', reason: 'library-change-unknown', commit: c(0), merge: { head: c(0), base: c(1) } });
  });
});

describe('decideLibraryPanelHistory after the environment\'s inputs changed (walk-65 H1)', () => {
  it('keeps the file when Grafana holds its newest commit with the inputs that commit deployed with', () => {
    const judge = { holdsLive: () => true, holdsLiveWithOlderInputs: (version: { commit: string }) => version.commit.startsWith('c0'), contentOf };
    expect(decideLibraryPanelHistory(history(['head', 'older']), judge, true)).toEqual({ action: 'keep', reason: 'inputs-not-applied', commit: 'c0'.padEnd(40, '0') });
  });
});
