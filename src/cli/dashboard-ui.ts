// When the dashboard is used instead of plain output, and opening/closing it on the terminal
// (the terminal is restored and a short summary printed, so the scrollback keeps the result).
import { createDashboard, summaryLines, type Dashboard, type DashboardOptions } from '../reporters/dashboard/index.js';
import { createReporter, resolveColor, type Reporter } from '../reporters/index.js';
import { println, type CliIO } from './io.js';

// Kept here too for the commands that open the dashboard anyway.
export { interactiveTerminal, wantsDashboard, type UiFlags } from './ui-choice.js';

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
