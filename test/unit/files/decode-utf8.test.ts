import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../../src/files/decode-utf8.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

describe('decodeUtf8: UTF-8 or a line:col that says where it is not', () => {
  it('decodes UTF-8, accents and emoji included', () => {
    expect(decodeUtf8(bytes('{"title": "Übersicht 📈"}'))).toEqual({ ok: true, text: '{"title": "Übersicht 📈"}' });
  });

  it('keeps a UTF-8 byte-order mark in the text (JSON parsing skips it)', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], '{}'))).toEqual({ ok: true, text: '\uFEFF{}' });
  });

  it('names the first Latin-1 byte by line and column (columns count characters, as editors do)', () => {
    const latin1 = bytes('{\n  "a": "ü",\n  "tïtle": "Caf', [0xe9], '"\n}\n');
    expect(decodeUtf8(latin1)).toEqual({
      ok: false,
      line: 3,
      col: 16, // 17 bytes before it, 15 characters
      message: 'the file is not UTF-8: byte 0xE9 here is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8',
    });
  });

  it('finds overlong forms, surrogates, stray continuation bytes and a sequence cut at the end', () => {
    expect(decodeUtf8(bytes('ab', [0xc0, 0xaf]))).toMatchObject({ ok: false, line: 1, col: 3, message: expect.stringContaining('byte 0xC0') });
    expect(decodeUtf8(bytes('ab', [0xed, 0xa0, 0x80]))).toMatchObject({ ok: false, col: 3, message: expect.stringContaining('byte 0xED') });
    expect(decodeUtf8(bytes('é', [0x80]))).toMatchObject({ ok: false, col: 2, message: expect.stringContaining('byte 0x80') });
    expect(decodeUtf8(bytes('x', [0xf0, 0x9f, 0x93]))).toMatchObject({ ok: false, col: 2, message: expect.stringContaining('byte 0xF0') });
  });

  it('says UTF-16 (with or without a byte-order mark) and UTF-32', () => {
    const message = (encoding: string) => ({ ok: false, line: 1, col: 1, message: `the file is ${encoding}, not UTF-8: save it as UTF-8` });
    expect(decodeUtf8(Buffer.from('\uFEFF{"a": 1}', 'utf16le'))).toEqual(message('UTF-16 (little-endian, with a byte-order mark)'));
    expect(decodeUtf8(Buffer.from('{"a": 1}', 'utf16le'))).toEqual(message('UTF-16 (little-endian)'));
    expect(decodeUtf8(Buffer.from('\uFEFF{"a": 1}', 'utf16le').swap16())).toEqual(message('UTF-16 (big-endian, with a byte-order mark)'));
    expect(decodeUtf8(Buffer.from('{"a": 1}', 'utf16le').swap16())).toEqual(message('UTF-16 (big-endian)'));
    expect(decodeUtf8(bytes([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))).toEqual(message('UTF-32 (little-endian, with a byte-order mark)'));
  });
});
