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
  const header = describeHeader(error);
  // V8 starts the stack with `Name: message`; what follows (the frames) has no part of the message.
  const frames = header !== undefined && stack.startsWith(header) ? stack.slice(header.length) : stack;
  const lines = frames.split('\n').filter((line) => line.trim() !== '');
  return [escapeText(header ?? error.name), ...lines.map((line) => escapeText(/^\s/.test(line) ? line : `    ${line}`))].join('\n');
}

/** `Name: message` as Error.prototype.toString writes it; undefined when a getter throws. */
function describeHeader(error: Error): string | undefined {
  try {
    return String(error);
  } catch {
    return undefined;
  }
}
