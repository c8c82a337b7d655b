import type { Shell } from '../describe-error.js';

/**
 * A warning's text in both shells' words, for one whose advice names a knob: `message` the CLI's (what a JSON reader gets),
 * `actionMessage` the Action's. A saved plan keeps both, as one shell may make it and the other show or apply it
 * (`dashsync show` of the Action's plan artifact, the Action's apply of a plan made on a laptop): the printer picks its own.
 */
export function wordedForShells(words: (shell: Shell) => string): { message: string; actionMessage: string } {
  return { message: words('cli'), actionMessage: words('action') };
}
