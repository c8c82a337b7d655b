import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortOnInterrupt } from '../../src/abort-on-signals.js';
import { EXIT_INTERRUPTED } from '../../src/errors.js';

/** What process.exit was asked for: the handler quits the process, which the test must outlive. */
class QuitCalled extends Error {}

function recordExits(): (string | number | null | undefined)[] {
  const exits: (string | number | null | undefined)[] = [];
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    exits.push(code);
    throw new QuitCalled();
  });
  return exits;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the CLI signal handlers (abortOnInterrupt)', () => {
  it('under SIGTERM (no terminal) the note asks for the signal again, not for a Ctrl-C (walk-73 L3)', () => {
    let stderr = '';
    const interrupt = abortOnInterrupt({ write: (text: string) => (stderr += text) }, 1000);
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect(interrupt.signal.aborted).toBe(true);
      expect(stderr).toBe('\nSIGTERM: stopping — no new work starts; requests in flight get up to 1 s to finish (send SIGTERM again to quit now)\n');
    } finally {
      interrupt.dispose();
    }
  });

  it('settled (the summary printed), the next signal keeps the run going to its own exit code; one more quits with 130 (walk-73 L4)', () => {
    const exits = recordExits();
    let stderr = '';
    const interrupt = abortOnInterrupt({ write: (text: string) => (stderr += text) }, 1000, undefined, () => 'quit: words');
    try {
      interrupt.settle();
      process.emit('SIGINT', 'SIGINT');
      expect(exits).toEqual([]);
      expect(interrupt.signal.aborted).toBe(false);
      expect(stderr).toBe('');
      expect(() => process.emit('SIGINT', 'SIGINT')).toThrow(QuitCalled);
      expect(exits).toEqual([EXIT_INTERRUPTED]);
    } finally {
      interrupt.dispose();
    }
  });

  it('after an interrupted run settles, a second Ctrl-C no longer quits with 130: the run exits with its own code', () => {
    const exits = recordExits();
    let stderr = '';
    const interrupt = abortOnInterrupt({ write: (text: string) => (stderr += text) }, 1000, undefined, () => 'quit: words');
    try {
      process.emit('SIGINT', 'SIGINT');
      expect(interrupt.signal.aborted).toBe(true);
      interrupt.settle();
      process.emit('SIGINT', 'SIGINT');
      expect(exits).toEqual([]);
      expect(stderr).not.toContain('quit: words');
    } finally {
      interrupt.dispose();
    }
  });
});
