import { describe, expect, it } from 'vitest';
import { decidePullFile, mayReplaceFile, type GitFileState, type LiveAuthor, type PullFileEvidence } from '../../src/pull/decide-pull-file.js';

/** Evidence for a file that differs from its live dashboard. */
function evidence(git: GitFileState, grafana: LiveAuthor, force = false): PullFileEvidence {
  return { git, grafana, force };
}

describe('decidePullFile: a file that differs from Grafana', () => {
  it('committed and unchanged, edited in Grafana by a person: Grafana\'s version is taken (git holds the old file)', () => {
    expect(decidePullFile(evidence('committed', 'someone-else'))).toEqual({ action: 'adopt', reason: 'grafana-changed' });
  });

  it('edited and not committed, Grafana untouched since dashsync applied: the file is kept (an edit waiting to be applied)', () => {
    expect(decidePullFile(evidence('uncommitted', 'dashsync'))).toEqual({ action: 'keep', reason: 'file-newer' });
  });

  it('edited here and in Grafana: refused', () => {
    expect(decidePullFile(evidence('uncommitted', 'someone-else'))).toEqual({ action: 'refuse', reason: 'both-changed' });
  });

  it('committed with changes not applied yet (Grafana still has what dashsync pushed): the file is the newer intent and is kept', () => {
    expect(decidePullFile(evidence('committed', 'dashsync'))).toEqual({ action: 'keep', reason: 'file-newer' });
  });

  it('no git repository: kept when Grafana has dashsync\'s version, refused when someone changed it (pull cannot tell whether the file holds edits)', () => {
    expect(decidePullFile(evidence('no-git', 'dashsync'))).toEqual({ action: 'keep', reason: 'file-newer' });
    expect(decidePullFile(evidence('no-git', 'someone-else'))).toEqual({ action: 'refuse', reason: 'no-git' });
  });

  it('version history not readable (Viewer token): a committed file is replaced, anything else refused', () => {
    expect(decidePullFile(evidence('committed', 'unknown'))).toEqual({ action: 'adopt', reason: 'history-unreadable' });
    expect(decidePullFile(evidence('uncommitted', 'unknown'))).toEqual({ action: 'refuse', reason: 'history-unreadable' });
    expect(decidePullFile(evidence('no-git', 'unknown'))).toEqual({ action: 'refuse', reason: 'history-unreadable' });
  });

  it('--force takes Grafana\'s version wherever the answer was refuse, and never replaces a file that is simply newer', () => {
    const states: GitFileState[] = ['committed', 'uncommitted', 'no-git'];
    const authors: LiveAuthor[] = ['dashsync', 'someone-else', 'unknown'];
    for (const git of states) {
      for (const grafana of authors) {
        const plain = decidePullFile(evidence(git, grafana));
        const forced = decidePullFile(evidence(git, grafana, true));
        if (plain.action === 'refuse') expect(forced, `${git} × ${grafana}`).toEqual({ action: 'adopt', reason: 'forced' });
        else expect(forced, `${git} × ${grafana}`).toEqual(plain);
      }
    }
  });
});

describe('mayReplaceFile: pull --prune and a file whose dashboard is gone, a _folder.json that differs from Grafana', () => {
  it('deletes or overwrites only what git holds as it is, unless forced', () => {
    expect(mayReplaceFile('committed', false)).toBe(true);
    expect(mayReplaceFile('uncommitted', false)).toBe(false);
    expect(mayReplaceFile('no-git', false)).toBe(false);
    expect(mayReplaceFile('uncommitted', true)).toBe(true);
    expect(mayReplaceFile('no-git', true)).toBe(true);
  });
});
