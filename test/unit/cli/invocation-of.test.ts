import { describe, expect, it } from 'vitest';
import { invocationOf } from '../../../src/cli/invocation-of.js';

// walk-67 M1: npm 11 sets both for `npx dashsync …` and `npm exec dashsync …` (checked with npm 11.19.1).
describe('invocationOf', () => {
  it('is npx dashsync where npx (or npm exec) ran it', () => {
    expect(invocationOf({ npm_command: 'exec', npm_lifecycle_event: 'npx' })).toBe('npx dashsync');
  });

  it('is none (dashsync) elsewhere: a shell, npm run (whose PATH the shell that pastes may lack too, but not npx\'s), one variable alone', () => {
    expect(invocationOf({})).toBeUndefined();
    expect(invocationOf({ npm_command: 'run-script', npm_lifecycle_event: 'plan' })).toBeUndefined();
    expect(invocationOf({ npm_command: 'exec' })).toBeUndefined();
    expect(invocationOf({ npm_lifecycle_event: 'npx' })).toBeUndefined();
  });
});
