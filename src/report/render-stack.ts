import { escapeText } from './escape-untrusted.js';

/**
 * An error's stack for --verbose, as one block: its first line is the error's name and message,
 * escaped as one line (a message from outside may hold line breaks), and every line after it is
 * indented, so no part of a message can stand at the start of a line of its own (a forged
 * `error: …` or `::` workflow command). Undefined when the error has no stack.
 */
export function renderStack(error: Error): string | undefined {
  const { stack } = error;
  if (!stack) return undefined;
  const frames = framesOf(stack, error.message);
  const lines = frames.split('\n').filter((line) => line.trim() !== '');
  return [escapeText(describeHeader(error)), ...lines.map((line) => escapeText(/^\s/.test(line) ? line : `    ${line}`))].join('\n');
}

/**
 * What follows the `Name: message` V8 starts a stack with (the name as it was when the stack was taken: `Error`
 * for a subclass that sets its name later). A stack that does not start that way is kept whole.
 */
function framesOf(stack: string, message: string): string {
  const firstBreak = stack.indexOf('\n');
  if (message === '') return firstBreak === -1 ? '' : stack.slice(firstBreak);
  // `: message`, not the message alone: `new Error('rror')` would find it inside the name.
  const at = stack.indexOf(`: ${message}`);
  return at !== -1 && (firstBreak === -1 || at < firstBreak) ? stack.slice(at + 2 + message.length) : stack;
}

/** `Name: message` as Error.prototype.toString writes it; the name alone when a getter throws. */
function describeHeader(error: Error): string {
  try {
    return String(error);
  } catch {
    return String(error.name);
  }
}
