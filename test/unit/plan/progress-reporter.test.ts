import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../../src/cli/progress.js';

/** A stream that records what is written and claims to be (or not to be) a terminal. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      written += String(chunk);
      callback();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY, columns: 100, rows: 30, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, text: () => written });
  return stream;
}

describe('createProgressReporter', () => {
  it('stays silent when stderr is not a terminal and no ticker paces progress lines (pull), however long the work', () => {
    const stream = fakeStream(false);
    let clock = 0;
    const progress = createProgressReporter('Planning', { stream, now: () => clock });
    clock = 60_000;
    progress.onProgress({ phase: 'plan', done: 1, total: 1000 });
    progress.stop();
    expect(stream.text()).toBe('');
  });

  it('on a terminal: nothing during the first second, then a bar counting dashboards', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const progress = createProgressReporter('Planning', { stream, now: () => clock });
    progress.onProgress({ phase: 'plan', done: 0, total: 1000 });
    clock = 900;
    progress.onProgress({ phase: 'plan', done: 10, total: 1000 });
    expect(stream.text()).toBe('');
    clock = 1500;
    progress.onProgress({ phase: 'plan', done: 20, total: 1000 });
    progress.stop();
    expect(stream.text()).toContain('Planning [');
    expect(stream.text()).toContain('20/1000 dashboards');
  });

  it('shows no bar when the work is done before the second is up', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const progress = createProgressReporter('Planning', { stream, now: () => clock });
    clock = 2000;
    progress.onProgress({ phase: 'plan', done: 5, total: 5 });
    progress.stop();
    expect(stream.text()).toBe('');
  });

  it('on a terminal: after the last dashboard is read, the bar stays and counts the edit-history lookups until the last is answered', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const progress = createProgressReporter('Planning', { stream, now: () => clock });
    progress.onProgress({ phase: 'plan', done: 0, total: 2000 });
    clock = 1500;
    progress.onProgress({ phase: 'plan', done: 2000, total: 2000, history: { done: 1210, total: 2000 } });
    expect(stream.text()).toContain(`Planning [${'█'.repeat(18)}${'░'.repeat(12)}] 2000/2000 dashboards read; edit history checked 1210/2000`);
    const drawn = stream.text().length;
    clock = 3000;
    progress.onProgress({ phase: 'plan', done: 2000, total: 2000, history: { done: 2000, total: 2000 } });
    expect(stream.text().slice(drawn)).toBe('\r\x1b[2K');
  });
});
