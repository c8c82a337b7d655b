import { describe, expect, it } from 'vitest';
import { decodeGdgFolderName } from '../../../src/files/decode-gdg-folder-name.js';

describe('decodeGdgFolderName', () => {
  it("reads a directory named as gdg writes a folder's title (Go's url.QueryEscape)", () => {
    expect(decodeGdgFolderName('Team+A')).toBe('Team A');
    expect(decodeGdgFolderName('Ops+%26+SRE')).toBe('Ops & SRE');
    // gdg 0.8's release notes: a folder named `n / r` is stored as `n+%2F+r`.
    expect(decodeGdgFolderName('n+%2F+r')).toBe('n / r');
    expect(decodeGdgFolderName('linux%2Fgnu')).toBe('linux/gnu');
    expect(decodeGdgFolderName('caf%C3%A9')).toBe('café');
    expect(decodeGdgFolderName('%28beta%29')).toBe('(beta)');
  });

  it('leaves a name that is no such encoding of another title', () => {
    for (const name of ['team-a', 'Team A', 'C++', '100%', '50%off', 'a%2fb', 'Ops & SRE', '(beta)', 'café', 'a+b c']) expect(decodeGdgFolderName(name), name).toBeUndefined();
  });
});
