export type DecodedText =
  | { ok: true; text: string }
  /** Where the first byte that is not UTF-8 sits (1-based, columns as editors count them), and what to do. */
  | { ok: false; line: number; col: number; message: string };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Pure: a file's bytes as text, only when they are UTF-8 — never with U+FFFD put in silently
 * (Latin-1 bytes would otherwise be pushed to Grafana as replacement characters). A UTF-8
 * byte-order mark is kept in the text (JSON parsing skips it; `check --fix` removes it).
 * UTF-16 and UTF-32 (by their byte-order mark, or the NUL bytes every ASCII character brings)
 * get a message that names them.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const wide = wideEncoding(bytes);
  if (wide) return { ok: false, line: 1, col: 1, message: `the file is ${wide}, not UTF-8: save it as UTF-8` };
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i += 1) {
      if (bytes[i] === 0x0a) {
        line += 1;
        lineStart = i + 1;
      }
    }
    const col = lenient.decode(bytes.subarray(lineStart, offset)).length + 1;
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      line,
      col,
      message: `the file is not UTF-8: byte 0x${byte} here is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8`,
    };
  }
}

function wideEncoding(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return 'UTF-32 (little-endian, with a byte-order mark)';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 (big-endian, with a byte-order mark)';
  if (b0 === 0xff && b1 === 0xfe) return 'UTF-16 (little-endian, with a byte-order mark)';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16 (big-endian, with a byte-order mark)';
  // JSON starts with an ASCII character: in UTF-16 every other byte of it is NUL.
  if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && b3 === 0) return 'UTF-16 (little-endian)';
  if (bytes.length >= 4 && b0 === 0 && b1 !== 0 && b2 === 0) return 'UTF-16 (big-endian)';
  return undefined;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k += 1) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}
