import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeJsonOutput, escapeMarkdown, escapeText, markdownCode } from '../../../src/report/escape-untrusted.js';

describe('escapeText: untrusted text for a terminal or a CI log', () => {
  it('leaves ordinary text alone, accents, emoji and backslashes included', () => {
    expect(escapeText('CPU / Memory – Übersicht 📈 C:\\path "quoted" :: ok')).toBe('CPU / Memory – Übersicht 📈 C:\\path "quoted" :: ok');
  });

  it('shows control characters as visible escapes: no cursor moves, no terminal title, no bell, no new line', () => {
    expect(escapeText('a\u001b[2J\u001b[1;1Hb')).toBe('a\\x1b[2J\\x1b[1;1Hb');
    expect(escapeText('\u001b]0;pwned\u0007title')).toBe('\\x1b]0;pwned\\x07title');
    expect(escapeText('line\r\nnext\ttab\u0000\u007f')).toBe('line\\r\\nnext\\ttab\\x00\\x7f');
  });

  it('escapes C1 controls (8-bit CSI, OSC, NEL) and the bidi controls that reorder what is shown', () => {
    expect(escapeText('\u009b2J\u009d0;x\u0085')).toBe('\\x9b2J\\x9d0;x\\x85');
    expect(escapeText('abc\u202eevil\u202c \u2066x\u2069 \u200f \u2028')).toBe('abc\\u202eevil\\u202c \\u2066x\\u2069 \\u200f \\u2028');
  });

  it('escapes what shows as nothing (zero-width space, word joiner, soft hyphen, BOM): "Pro\\u200bd" must not read as "Prod" (audit-ux-11 A8)', () => {
    expect(escapeText('Pro\u200bd a\u2060b c\u00add \ufeffe f\u180eg')).toBe('Pro\\u200bd a\\u2060b c\\xadd \\ufeffe f\\u180eg');
    expect(escapeMarkdown('Pro\u200bd')).toBe('Pro\\\\u200bd');
    const json = escapeJsonOutput(JSON.stringify({ title: 'Pro\u200bd\ufeff' }));
    expect(json).toBe('{"title":"Pro\\u200bd\\ufeff"}');
    expect(JSON.parse(json).title).toBe('Pro\u200bd\ufeff');
    // The joiners stay: an emoji sequence and Persian text show as written.
    expect(escapeText('👨\u200d👩\u200d👧 می\u200cخواهم')).toBe('👨\u200d👩\u200d👧 می\u200cخواهم');
  });

  it('escapes every default-ignorable character, beyond the basic plane too: "Pro\\u034fd" and "Prod" + tag characters must not read as "Prod" (sec-67 L1)', () => {
    const ignorables = [0x34f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x2065, 0x206a, 0x206f, 0x3164, 0xffa0, 0xfff0, 0x1bca0, 0x1bca3, 0x1d173, 0x1d17a, 0xe0001, 0xe0020, 0xe0041, 0xe007f, 0xe00ff, 0xe01f0, 0xe0fff];
    for (const code of ignorables) {
      const text = `Pro${String.fromCodePoint(code)}d`;
      const spelled = code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
      expect(escapeText(text)).toBe(`Pro${spelled}d`);
      expect(escapeMarkdown(text)).toBe(`Pro\\${spelled}d`);
      const json = escapeJsonOutput(JSON.stringify({ title: text }));
      expect(json).toMatch(/^[\x20-\x7e]*$/);
      expect(JSON.parse(json).title).toBe(text);
    }
    // A hidden sentence in tag characters after a title shows, each tag as its code point.
    expect(escapeText(`Prod${[...'ok'].map((ch) => String.fromCodePoint(0xe0000 + ch.charCodeAt(0))).join('')}`)).toBe('Prod\\u{e006f}\\u{e006b}');
    // The emoji variation selectors stay (U+FE0F), and so do characters beyond the basic plane that show (emoji).
    expect(escapeText('\u2764\ufe0f 📈')).toBe('\u2764\ufe0f 📈');
  });

  it('keeps every variation selector as written: the Mongolian free ones and the ideographic ones, as the emoji ones (review-68b L2)', () => {
    // Each picks the form of the character before it: 葛 (U+845B) as the Katsushika ward writes it, a Mongolian letter's variant.
    const written = ['\u845b\u{e0100}\u98fe\u533a dashboard', '\u8fbb\u{e01ef}', '\u182e\u180b \u182e\u180c \u182e\u180d \u182e\u180f', '\u2764\ufe0f'];
    for (const text of written) {
      expect(escapeText(text)).toBe(text);
      expect(escapeMarkdown(text)).toBe(text);
      expect(escapeJsonOutput(JSON.stringify({ title: text }))).toBe(JSON.stringify({ title: text }));
    }
    // Beside them, the tag characters and the unassigned code points around the ideographic selectors, and the Mongolian vowel separator, stay escaped.
    expect(escapeText('a\u{e00ff}\u{e0100}\u{e01f0} b\u180e')).toBe('a\\u{e00ff}\u{e0100}\\u{e01f0} b\\u180e');
  });

  it('breaks up what the GitHub Actions runner acts on: ::command at the start, ##[command] anywhere', () => {
    expect(escapeText('::error::injected')).toBe('\\x3a:error::injected');
    expect(escapeText('  ::add-mask::x')).toBe('  \\x3a:add-mask::x');
    expect(escapeText('title ##[error]x and ##[stop-commands]t')).toBe('title #\\x23[error]x and #\\x23[stop-commands]t');
    expect(escapeText('Innocent\n::set-output name=x::y')).toBe('Innocent\\n::set-output name=x::y');
  });
});

describe('markdown and HTML', () => {
  it('shows a workflow-command spelling as written (GitHub renders the entities), while the raw text holds no command', () => {
    expect(escapeMarkdown('::error::not a real error ##[warning]fake')).toBe('&colon;:error::not a real error ##\\[warning\\]fake');
    expect(escapeHtml('::error::x ##[warning]y')).toBe('&colon;:error::x #&num;[warning]y');
    expect(escapeHtml('see #12 ##[x]')).toBe('see #&#8203;12 #&num;[x]');
    for (const text of [escapeMarkdown('::error::x ##[warning]y'), escapeHtml('  ::error::x ##[warning]y')]) {
      expect(text).not.toMatch(/x3a|x23|^\s*::|##\[/);
    }
  });

  it('escapeMarkdown: table pipes, emphasis, links, HTML and newlines cannot shape the comment', () => {
    expect(escapeMarkdown('a | b *c* _d_ [x](https://e) <img src=x> & `e` ~f~ \\')).toBe(
      'a \\| b \\*c\\* \\_d\\_ \\[x\\](https://e) &lt;img src=x&gt; &amp; \\`e\\` \\~f\\~ \\\\',
    );
    expect(escapeMarkdown('one\ntwo\u001b[31m')).toBe('one\\\\ntwo\\\\x1b\\[31m');
  });

  it('escapeMarkdown and escapeHtml: a mention or an issue reference stays the same text but links nothing on GitHub', () => {
    const text = '@org/team, @alice: see #12, org/repo#3 and GH-7; a@b.c @ # and issue 5';
    const broken = '@&#8203;org/team, @&#8203;alice: see #&#8203;12, org/repo#&#8203;3 and GH-&#8203;7; a@&#8203;b.c @ # and issue 5';
    expect(escapeMarkdown(text)).toBe(broken);
    expect(escapeHtml(text)).toBe(broken);
    expect(markdownCode('@org/team #12')).toBe('`@org/team #12`');
  });

  it('markdownCode: a fence longer than any backtick run, pipes escaped for tables', () => {
    expect(markdownCode('dashboards/a.json')).toBe('`dashboards/a.json`');
    expect(markdownCode('a`b``c|d')).toBe('```a`b``c\\|d```');
    expect(markdownCode('`x')).toBe('`` `x ``');
  });

  it('escapeHtml for <summary>', () => {
    expect(escapeHtml('<b>"x"</b>\n')).toBe('&lt;b&gt;&quot;x&quot;&lt;/b&gt;\\n');
  });
});

describe('escapeJsonOutput: the same data, nothing raw', () => {
  it('escapes DEL, C1, bidi and ##[ inside strings; JSON.parse reads back the same value', () => {
    const value = { title: 'a\u007f\u009b\u202e ##[error]x\u2028', layout: ['\n'] };
    const json = escapeJsonOutput(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(/[\u007f-\u009f\u202e\u2028]|##\[/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
