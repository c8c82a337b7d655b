import { describe, expect, it } from 'vitest';
import { BODY_START_BYTES, redactedBodyStart } from '../../../src/grafana/http/redacted-body-start.js';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('redactedBodyStart', () => {
  const secret = 'p+ss/w€rd-long-enough';
  const encoded = encodeURIComponent(secret);

  it('a percent-encoded secret across the 64 KiB mark leaves no piece behind', () => {
    for (const before of [1, 5, encoded.length - 1]) {
      const body = `${'.'.repeat(BODY_START_BYTES - before)}${encoded}${'x'.repeat(2000)}`;
      const { text, cut } = redactedBodyStart(bytesOf(body), [secret]);
      expect(cut).toBe(true);
      expect(text).not.toContain(encoded.slice(0, before));
      expect(text.length).toBeLessThanOrEqual(BODY_START_BYTES);
    }
  });

  it('a secret the end of what was read cuts in two is left out with what follows the mark', () => {
    const body = `${'.'.repeat(BODY_START_BYTES)}${'x'.repeat(9 * secret.length - 4)}${secret}`;
    const { text } = redactedBodyStart(bytesOf(body), [secret]);
    expect(text).not.toContain('p+ss');
    expect(text.endsWith('.')).toBe(true);
  });

  it('a cut never splits a character', () => {
    const { text } = redactedBodyStart(bytesOf('👍🏽'.repeat(BODY_START_BYTES)), [secret]);
    expect(text.length % 4).toBe(0);
    expect(text).not.toContain('\uFFFD');
  });

  it('a body within the bytes read is whole, redacted', () => {
    expect(redactedBodyStart(bytesOf(`{"message":"${secret} refused"}`), [secret])).toEqual({ text: '{"message":"[redacted] refused"}', cut: false });
  });
});
