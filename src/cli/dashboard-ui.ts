// When the dashboard is used instead of plain output, and opening/closing it on the terminal
// (the terminal is restored and a short summary printed, so the scrollback keeps the result).
import { createDashboard, summaryLines, type Dashboard, type DashboardOptions } from '../reporters/dashboard/index.js';
import { createReporter, resolveColor, type Reporter } from '../reporters/index.js';
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

/** Opens the dashboard on this process's terminal, with a plain reporter for `s` and after a detach. */
export function openDashboard(io: CliIO, options: Omit<DashboardOptions, 'input' | 'output' | 'color'> & { verbose?: boolean }): { dashboard: Dashboard; plain: Reporter } {
  const color = resolveColor(io.stdout, io.env);
  const plain = createReporter('plain', { out: io.stdout, color, verbose: options.verbose === true, runDir: options.runDir ?? undefined });
  const dashboard = createDashboard({ ...options, input: process.stdin, output: io.stdout, color, plain });
  return { dashboard, plain };
}

/** Closes the dashboard (terminal restored) and prints the summary lines. */
export function closeDashboard(io: CliIO, dashboard: Dashboard, how: 'quit' | 'detach' | 'cancel' | 'ended'): void {
  dashboard.close();
  // blessed leaves stdin flowing in raw mode; let it go so the process can exit.
  if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
  process.stdin.pause();
  if (how === 'detach') {
    println(io.stdout, `detached from the dashboard: run ${dashboard.view.run_id ?? ''} continues here with plain output`);
    return;
  }
  for (const line of summaryLines(dashboard.view, Date.now())) println(io.stdout, line);
}
