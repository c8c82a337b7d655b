/** The commands the Action runs (input "command"). */
export const ACTION_COMMANDS = ['plan', 'apply', 'check'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];
