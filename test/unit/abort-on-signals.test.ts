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

const handlers: { dispose: () => void }[] = [];

/** The CLI's handlers as a command installs them (1 s grace, `quit: words` as the last words), and what they wrote. */
function installed(): { interrupt: ReturnType<typeof abortOnInterrupt>; stderr: () => string } {
  let written = '';
  const interrupt = abortOnInterrupt({ write: (text: string) => (written += text) }, 1000, undefined, () => 'quit: words');
  handlers.push(interrupt);
  return { interrupt, stderr: () => written };
}

afterEach(() => {
  for (const handler of handlers.splice(0)) handler.dispose();
  vi.restoreAllMocks();
});

describe('the CLI signal handlers (abortOnInterrupt)', () => {
  it('under SIGTERM (no terminal) the note asks for the signal again, not for a Ctrl-C (walk-73 L3)', () => {
    const { interrupt, stderr } = installed();
    process.emit('SIGTERM', 'SIGTERM');
    expect(interrupt.signal.aborted).toBe(true);
    expect(stderr()).toBe('\nSIGTERM: stopping — no new work starts; requests in flight get up to 1 s to finish (send SIGTERM again to quit now)\n');
  });

  it('settled (the summary printed), the next signal keeps the run going to its own exit code, saying so; one more quits with 130 (walk-73 L4)', () => {
    const exits = recordExits();
    const { interrupt, stderr } = installed();
    interrupt.settle();
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([]);
    expect(interrupt.signal.aborted).toBe(false);
    expect(stderr()).toBe('\nSIGINT: the run has ended (its summary above); closing its connections — press Ctrl-C again to quit now\n');
    expect(() => process.emit('SIGINT', 'SIGINT')).toThrow(QuitCalled);
    expect(exits).toEqual([EXIT_INTERRUPTED]);
  });

  it('after an interrupted run settles, a second Ctrl-C no longer quits with 130: the run exits with its own code', () => {
    const exits = recordExits();
    const { interrupt, stderr } = installed();
    process.emit('SIGINT', 'SIGINT');
    expect(interrupt.signal.aborted).toBe(true);
    interrupt.settle();
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([]);
    expect(stderr()).not.toContain('quit: words');
    expect(stderr().split('\n').filter((line) => line !== '').at(-1)).toBe('SIGINT: the run has ended (its summary above); closing its connections — press Ctrl-C again to quit now');
  });

  it('settled, a SIGTERM (no terminal) is answered with the signal to send again, not a Ctrl-C', () => {
    const exits = recordExits();
    const { interrupt, stderr } = installed();
    interrupt.settle();
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([]);
    expect(stderr()).toBe('\nSIGTERM: the run has ended (its summary above); closing its connections — send SIGTERM again to quit now\n');
  });
});
