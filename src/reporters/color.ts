// Colour decision (TTY, NO_COLOR, FORCE_COLOR) and the small ANSI palette reporters use.

/** Wraps text in one ANSI style, or returns it untouched when colour is off. */
export type Style = (text: string) => string;

export interface Palette {
  green: Style;
  red: Style;
  yellow: Style;
  cyan: Style;
  dim: Style;
  bold: Style;
}

const FORCE_OFF_VALUES = new Set(['0', 'false']);

// Matches CSI sequences (colours, cursor movement) and OSC sequences (titles, hyperlinks).
// eslint-disable-next-line no-control-regex
const ANSI_PATTERN = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Decides whether to colour a stream: NO_COLOR (any value) wins, then FORCE_COLOR, then isTTY. */
export function resolveColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !FORCE_OFF_VALUES.has(force.trim().toLowerCase());
  if (stream.isTTY !== true) return false;
  return env.TERM !== 'dumb';
}

function ansi(open: number, close: number): Style {
  return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

const identity: Style = (text) => text;

/** Returns the palette for a colour decision; with colour off every style is the identity. */
export function createPalette(color: boolean): Palette {
  if (!color) {
    return { green: identity, red: identity, yellow: identity, cyan: identity, dim: identity, bold: identity };
  }
  return {
    green: ansi(32, 39),
    red: ansi(31, 39),
    yellow: ansi(33, 39),
    cyan: ansi(36, 39),
    dim: ansi(2, 22),
    bold: ansi(1, 22),
  };
}

/** Removes ANSI escape sequences, e.g. from a tool's log before printing it without colour. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}
