// A dashboard on a fake terminal: keys go in through a PassThrough, the screen is read from
// blessed's cell buffer (`screen.lines`) as text rows.
import { PassThrough, Writable } from 'node:stream';
import { createDashboard, type Dashboard, type DashboardOptions } from '../../../src/reporters/dashboard/index.js';

export interface Headless {
  dashboard: Dashboard;
  /** The screen as text rows (trailing spaces trimmed). */
  text(): string[];
  /** Types keys (raw terminal bytes), then draws. */
  press(...keys: string[]): void;
  /** Bytes written to the terminal so far. */
  written(): number;
  /** Everything written to the terminal so far (escape sequences included). */
  writtenText(): string;
  output: Writable & { columns: number; rows: number; isTTY: boolean };
}

export const KEY = { up: '\x1b[A', down: '\x1b[B', enter: '\r', escape: '\x1b', tab: '\t', pageUp: '\x1b[5~', pageDown: '\x1b[6~', backspace: '\x7f', ctrlC: '\x03' } as const;

/** Fixed clock for golden screens: 2026-12-06 10:00:30 UTC. */
export const NOW = Date.parse('2026-12-06T10:00:30.000Z');

/** Opens a dashboard at cols x rows with colour off and a fixed clock (overridable). */
export function headless(options: Partial<DashboardOptions> = {}, cols = 100, rows = 30): Headless {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  let bytes = 0;
  const chunks: string[] = [];
  const output = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        chunks.push(chunk.toString('utf8'));
        callback();
      },
    }),
    { columns: cols, rows, isTTY: true },
  );
  const dashboard = createDashboard({ input, output, color: false, terminal: 'xterm-256color', now: () => NOW, ...options });
  // why: `lines` (the cell buffer) is not in @types/blessed.
  const screenOf = (): { lines: Array<Array<[number, string]>> } => dashboard.screen as unknown as { lines: Array<Array<[number, string]>> };
  return {
    dashboard,
    output,
    text: () => {
      dashboard.flush();
      return screenOf().lines.map((row) =>
        row
          .map((cell) => cell[1])
          .join('')
          .trimEnd(),
      );
    },
    press: (...keys) => {
      for (const key of keys) input.write(key);
      dashboard.flush();
    },
    written: () => bytes,
    writtenText: () => chunks.join(''),
  };
}
