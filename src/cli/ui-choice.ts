// Dashboard or plain output? Decided without loading the dashboard (blessed and its widgets):
// `run` and `watch` import the dashboard only when this says yes.
import { println, type CliIO } from './io.js';

export interface UiFlags {
  /** --ui (true) or --no-ui (false); undefined: decide from the terminal. */
  ui?: boolean;
  json?: boolean;
  verbose?: boolean;
}

/** The terminal the dashboard needs: stdin and stdout both a TTY. */
export function interactiveTerminal(io: CliIO, stdin: { isTTY?: boolean } = process.stdin): boolean {
  return io.stdout.isTTY === true && stdin.isTTY === true;
}

/**
 * The dashboard, or plain output? --json and --no-ui always give plain (JSON) output, and so do
 * pipes, CI and TERM=dumb; --ui asks for it (still plain when there is no terminal to draw on);
 * otherwise it is the default on an interactive terminal. NO_COLOR only turns colour off.
 */
export function wantsDashboard(io: CliIO, flags: UiFlags, stdin?: { isTTY?: boolean }): boolean {
  if (flags.json || flags.ui === false) return false;
  if (!interactiveTerminal(io, stdin)) {
    if (flags.ui === true) println(io.stderr, 'note: --ui needs an interactive terminal (stdin and stdout); showing plain output');
    return false;
  }
  if (flags.ui === true) return true;
  return !io.env.CI && io.env.TERM !== 'dumb';
}
