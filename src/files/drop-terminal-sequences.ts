/**
 * A terminal's control sequences, each whole: the strings OSC, DCS, SOS, PM and APC open (ESC `]`, `P`, `X`, `^`, `_` or
 * their C1 forms) up to BEL or ST (ESC `\`, C1 0x9c), or to the end when none comes (a terminal swallows that much); CSI
 * (ESC `[` or C1 0x9b) with its parameters, intermediates and final byte; any other escape (ESC, intermediates, final).
 */
const SEQUENCES = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

/**
 * Pure: `text` without the control sequences a title may carry (an OSC 8 link's URL, a CSI colour's `[5m`), as a
 * terminal shows it: a name made from it holds no debris of them (`Shared CPU \e[5mblink\e[0m` → `Shared CPU blink`).
 * Lone controls (TAB, BEL) stay: the name's own rules deal with them.
 */
export function dropTerminalSequences(text: string): string {
  return text.includes('\x1b') || /[\x90-\x9f]/.test(text) ? text.replace(SEQUENCES, '') : text;
}
