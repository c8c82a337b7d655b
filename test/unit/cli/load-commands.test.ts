import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/cli/commands/index.js';

const names = async (argv: string[]) => {
  const { commands, listOnly } = await loadCommands(argv);
  return { names: commands.map((command) => String(command.command).split(' ')[0]), listOnly };
};

// review-57b F5: a command module was loaded for any word of argv that named it, so `dashsync pull plan` (the uid "plan")
// loaded plan's too; only the command that runs is loaded now.
describe('loadCommands', () => {
  it('loads only the command the first word names, whatever later words say', async () => {
    expect(await names(['pull', 'plan'])).toEqual({ names: ['pull'], listOnly: false });
    expect(await names(['apply', '--env', 'plan'])).toEqual({ names: ['apply'], listOnly: false });
    expect(await names(['--verbose', 'check', '--', 'plan', 'apply.json'])).toEqual({ names: ['check'], listOnly: false });
  });

  it('loads every command for the top-level help, and none for a bare --version', async () => {
    expect(await names(['--help'])).toEqual({ names: ['plan', 'apply', 'check', 'pull', 'restore', 'show', 'sandbox'], listOnly: true });
    expect(await names(['--version'])).toEqual({ names: [], listOnly: true });
    expect(await names(['plan', '--help'])).toEqual({ names: ['plan'], listOnly: false });
  });
});
