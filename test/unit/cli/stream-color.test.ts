import { describe, expect, it } from 'vitest';
import { streamColor } from '../../../src/cli/stream-color.js';

const terminal = { write: () => true, isTTY: true };
const file = { write: () => true };

describe('streamColor', () => {
  it('each stream decides for itself: a terminal gets colour, a file or pipe none', () => {
    expect(streamColor(terminal, undefined, {})).toBe(true);
    expect(streamColor(file, undefined, {})).toBe(false);
  });

  it('--color / --no-color beat everything; FORCE_COLOR beats NO_COLOR; NO_COLOR and TERM=dumb turn it off', () => {
    expect(streamColor(file, true, { NO_COLOR: '1' })).toBe(true);
    expect(streamColor(terminal, false, { FORCE_COLOR: '1' })).toBe(false);
    expect(streamColor(file, undefined, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(streamColor(file, undefined, { FORCE_COLOR: '' })).toBe(true);
    expect(streamColor(terminal, undefined, { FORCE_COLOR: '0' })).toBe(false);
    expect(streamColor(terminal, undefined, { NO_COLOR: '1' })).toBe(false);
    expect(streamColor(terminal, undefined, { NO_COLOR: '' })).toBe(true);
    expect(streamColor(terminal, undefined, { TERM: 'dumb' })).toBe(false);
  });
});
