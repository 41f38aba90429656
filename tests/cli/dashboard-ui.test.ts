// When the dashboard is used instead of plain output.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { wantsDashboard } from '../../src/cli/dashboard-ui.js';
import type { CliIO } from '../../src/cli/io.js';

function io(tty: boolean, env: NodeJS.ProcessEnv = {}): CliIO & { notes: string[] } {
  const notes: string[] = [];
  const out = Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY: tty });
  const err = Object.assign(new Writable({ write: (chunk, _e, cb) => (notes.push(String(chunk)), cb()) }), { isTTY: tty });
  return { stdout: out, stderr: err, env: { TERM: 'xterm-256color', ...env }, cwd: '/', notes };
}
const TTY = { isTTY: true };
const PIPE = { isTTY: false };

describe('wantsDashboard', () => {
  it('is the default only on an interactive terminal outside CI with a capable TERM', () => {
    expect(wantsDashboard(io(true), {}, TTY)).toBe(true);
    expect(wantsDashboard(io(false), {}, TTY)).toBe(false); // stdout piped
    expect(wantsDashboard(io(true), {}, PIPE)).toBe(false); // stdin piped
    expect(wantsDashboard(io(true, { CI: 'true' }), {}, TTY)).toBe(false);
    expect(wantsDashboard(io(true, { TERM: 'dumb' }), {}, TTY)).toBe(false);
    expect(wantsDashboard(io(true, { NO_COLOR: '1' }), {}, TTY)).toBe(true); // colour off, dashboard on
  });

  it('--json and --no-ui always give plain output; --ui forces it on a terminal, even in CI', () => {
    expect(wantsDashboard(io(true), { json: true, ui: true }, TTY)).toBe(false);
    expect(wantsDashboard(io(true), { ui: false }, TTY)).toBe(false);
    expect(wantsDashboard(io(true, { CI: '1' }), { ui: true }, TTY)).toBe(true);
    expect(wantsDashboard(io(true, { TERM: 'dumb' }), { ui: true }, TTY)).toBe(true);
  });

  it('--ui without a terminal falls back to plain output and says so', () => {
    const pipe = io(false);
    expect(wantsDashboard(pipe, { ui: true }, PIPE)).toBe(false);
    expect(pipe.notes.join('')).toContain('--ui needs an interactive terminal');
  });
});
