import { describe, expect, it } from 'vitest';
import { assignNames, type NameCandidate } from '../../../src/files/assign-names.js';
import { MAX_BASE_LENGTH, sanitizeName } from '../../../src/files/sanitize-name.js';

describe('sanitizeName: untrusted titles become portable names', () => {
  it.each([
    ['CPU Usage (prod)', 'cpu-usage-prod'],
    ['../../etc', 'etc'],
    ['../../../etc/passwd', 'etc-passwd'],
    ['a/b', 'a-b'],
    ['a\\b', 'a-b'],
    ['..', ''],
    ['.', ''],
    ['.hidden', 'hidden'],
    ['   ', ''],
    ['', ''],
    ['tab\there\nnew\u0007line\u0000', 'tab-here-new-line'],
    ['📈 📉', ''],
    ['📈 Latency', 'latency'],
    ['Übersicht Straße', 'ubersicht-strasse'],
    ['con.json', 'con-json'],
    ['v1.2 rollout', 'v1-2-rollout'],
    ['snake_case_title', 'snake_case_title'],
    ['_folder', 'folder'],
    ['-- dashes --', 'dashes'],
    ['Ⅸ Ｃｐｕ', 'ix-cpu'],
  ])('%j → %j', (title, expected) => {
    expect(sanitizeName(title, 'dashboard')).toBe(expected);
  });

  it.each([
    ['Метрики сервера', 'metriki-servera'],
    ['Kafka (прод)', 'kafka-prod'],
    ['Объём ЖЁСТКИХ дисков', 'ob-jom-zhjostkih-diskov'],
    ['Щука й Ящик', 'schuka-j-jaschik'],
    ['Ґанок і їжак: Єва', 'ganok-i-izhak-eva'],
    ['Эхо юга', 'jeho-juga'],
    ['שלום עולם', 'wlvm-evlm'],
  ])('Cyrillic and Hebrew are spelled in Latin letters as Grafana\'s slug spells them: %j → %j', (title, expected) => {
    expect(sanitizeName(title, 'dashboard')).toBe(expected);
  });

  it.each(['Πίνακας', '日本語ダッシュボード', 'لوحة', 'डैशबोर्ड', '대시보드'])('%j: a script Grafana\'s slug does not spell in Latin letters leaves nothing (the uid is the name)', (title) => {
    expect(sanitizeName(title, 'dashboard')).toBe('');
  });

  it.each(['CON', 'con', 'Nul', 'PRN', 'AUX', 'COM1', 'lpt9', 'node_modules'])('%j is reserved somewhere, so it gets the kind appended', (title) => {
    expect(sanitizeName(title, 'dashboard')).toBe(`${title.toLowerCase()}-dashboard`);
    expect(sanitizeName(title, 'folder')).toBe(`${title.toLowerCase()}-folder`);
  });

  it.each([
    ['Ops \x1b]8;;https://evil/\x07SRE\x1b]8;;\x07 evil', 'ops-sre-evil'],
    ['Ops \x1b]8;;https://evil/\x1b\\SRE\x1b]8;;\x1b\\', 'ops-sre'],
    ['Shared CPU \x1b[5mblink\x1b[0m', 'shared-cpu-blink'],
    ['Shared CPU \x9b38;5;196mred\x9b0m', 'shared-cpu-red'],
    ['Title \x1b]0;set the window title\x07x', 'title-x'],
    ['Title \x9d8;;https://evil/\x9clink', 'title-link'],
    ['Mode \x1b(Bplain \x1b7saved\x1b8', 'mode-plain-saved'],
    ['Cut \x1b]8;;https://evil/ to the end', 'cut'],
  ])('drops a terminal control sequence whole, so no debris of it (an OSC 8 URL, `5m`) names a file: %j → %j', (title, expected) => {
    expect(sanitizeName(title, 'dashboard')).toBe(expected);
  });

  it('caps a 300-character title and never ends on a dash', () => {
    const name = sanitizeName(`${'word '.repeat(60)}`, 'dashboard');
    expect(name.length).toBeLessThanOrEqual(MAX_BASE_LENGTH);
    expect(name).toMatch(/^[a-z0-9_-]+$/);
    expect(name).not.toMatch(/-$/);
  });
});

const none = () => false;

function names(candidates: NameCandidate[], isTaken: (name: string) => boolean = none): Record<string, string> {
  return Object.fromEntries(assignNames({ candidates, kind: 'dashboard', extension: '.json', isTaken }));
}

describe('assignNames: unique, deterministic names in one directory', () => {
  it('keeps the plain name when only one title wants it', () => {
    expect(names([{ uid: 'u1', title: 'CPU' }, { uid: 'u2', title: 'Memory' }])).toEqual({ u1: 'cpu.json', u2: 'memory.json' });
  });

  it('gives every contender of a shared name its uid, whatever the listing order', () => {
    const a = { uid: 'bbb', title: 'CPU' };
    const b = { uid: 'aaa', title: 'cpu' };
    const c = { uid: 'ccc', title: 'C.P.U.' };
    const expected = { aaa: 'cpu-aaa.json', bbb: 'cpu-bbb.json', ccc: 'c-p-u.json' };
    expect(names([a, b, c])).toEqual(expected);
    expect(names([c, b, a])).toEqual(expected);
  });

  it('falls back to the uid for titles with nothing portable in them', () => {
    expect(names([{ uid: 'Emoji1', title: '📈' }, { uid: 'blank', title: '  ' }, { uid: 'dots', title: '..' }])).toEqual({
      Emoji1: 'emoji1.json',
      blank: 'blank.json',
      dots: 'dots.json',
    });
  });

  it('names a Cyrillic title by its Latin spelling, a Japanese or Greek one by its uid; a spelling two titles share gets each uid', () => {
    expect(
      names([
        { uid: 'a36xc9bwt97b05', title: 'Метрики сервера' },
        { uid: 'akbmfafnu4nmxv', title: '日本語ダッシュボード' },
        { uid: 'GreekOne', title: 'Πίνακας' },
        { uid: 'k1', title: 'Kafka (prod)' },
        { uid: 'k2', title: 'Kafka (прод)' },
      ]),
    ).toEqual({ a36xc9bwt97b05: 'metriki-servera.json', akbmfafnu4nmxv: 'akbmfafnu4nmxv.json', GreekOne: 'greekone.json', k1: 'kafka-prod-k1.json', k2: 'kafka-prod-k2.json' });
  });

  it('never takes a name that is already on disk (compared lower-case)', () => {
    const taken = new Set(['cpu.json']);
    expect(names([{ uid: 'u1', title: 'CPU' }], (name) => taken.has(name))).toEqual({ u1: 'cpu-u1.json' });
  });

  it('tells apart uids that differ only in case (case-insensitive file systems)', () => {
    const result = names([{ uid: 'AbC', title: 'Same' }, { uid: 'abc', title: 'Same' }]);
    expect(new Set(Object.values(result).map((n) => n.toLowerCase())).size).toBe(2);
    // Code-point order: "AbC" < "abc", so "AbC" is served first.
    expect(result.AbC).toBe('same-abc.json');
    expect(result.abc).toMatch(/^same-abc-[0-9a-f]{8}\.json$/);
  });

  it('does not let a suffixed name steal another title\'s plain name', () => {
    // "CPU" twice → suffixed; the title "cpu-u1" wants the plain name cpu-u1.json first.
    const result = names([{ uid: 'u1', title: 'CPU' }, { uid: 'u2', title: 'CPU' }, { uid: 'zz', title: 'cpu-u1' }]);
    expect(result.zz).toBe('cpu-u1.json');
    expect(result.u2).toBe('cpu-u2.json');
    expect(result.u1).toMatch(/^cpu-u1-[0-9a-f]{8}\.json$/);
  });

  it('long titles that share their first 60 characters still get different, bounded names', () => {
    const prefix = 'x'.repeat(80);
    const result = names([{ uid: 'one', title: `${prefix} one` }, { uid: 'two', title: `${prefix} two` }]);
    expect(result.one).not.toBe(result.two);
    for (const name of Object.values(result)) expect(name.length).toBeLessThanOrEqual(MAX_BASE_LENGTH + 1 + 40 + 1 + 8 + '.json'.length);
  });

  it('never produces _folder.json or a hidden name', () => {
    const result = names([{ uid: 'f', title: '_folder' }, { uid: 'h', title: '.json' }]);
    expect(result).toEqual({ f: 'folder.json', h: 'json.json' });
  });
});
