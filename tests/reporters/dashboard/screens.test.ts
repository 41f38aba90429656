// Headless dashboard: golden screens, every glyph, replay equals live, size and colour rules.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { headless, type Headless } from './harness.js';
import { demoJournal } from './journal.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const open: Headless[] = [];
function make(...args: Parameters<typeof headless>): Headless {
  const h = headless(...args);
  open.push(h);
  return h;
}
afterEach(() => {
  for (const h of open.splice(0)) h.dashboard.close();
});

/** Compares with golden/<name>.txt (UPDATE_GOLDEN=1 rewrites it). */
function expectGolden(name: string, lines: string[]): void {
  const file = join(GOLDEN, `${name}.txt`);
  const text = `${lines.join('\n')}\n`;
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** The tree row of a stage (its text without the pane border). */
function row(lines: string[], stage: string): string {
  const found = lines.map((l) => l.split('│')[1] ?? '').find((cell) => new RegExp(`^\\s*\\S ${stage}\\b`).test(cell));
  if (found === undefined) throw new Error(`no row for ${stage} in\n${lines.join('\n')}`);
  return found.trim();
}

describe('dashboard screens (headless blessed, 100x30, no colour, fixed clock)', () => {
  it('draws the demo journal as the golden screen', () => {
    const h = make();
    for (const event of demoJournal()) h.dashboard.onEvent(event);
    expectGolden('demo', h.text());
  });

  it('shows every status with its glyph and detail', () => {
    const h = make();
    for (const event of demoJournal()) h.dashboard.onEvent(event);
    const lines = h.text();
    expect(row(lines, 'install')).toBe('✓ install 1.5s');
    expect(row(lines, 'checks')).toMatch(/^● checks ⋔/); // a group with a branch still retrying is running
    expect(row(lines, 'lint')).toBe('✓ lint 1.5s');
    expect(row(lines, 'types')).toBe('◷ types 1.5s SIGTERM');
    expect(row(lines, 'unit')).toBe('↻ unit retry 2/3 in 7.0s'); // retry due at 10:00:37, clock at 10:00:30
    expect(row(lines, 'execute')).toBe('● execute 18.0s ×2 [local]');
    expect(row(lines, 'evaluate')).toBe('✓ evaluate 1.5s ×1/3 [local]');
    expect(row(lines, 'docs')).toBe('↷ docs if');
    expect(row(lines, 'cache')).toBe('↷ cache cached');
    expect(row(lines, 'bench')).toBe('↷ bench target');
    expect(row(lines, 'deploy')).toBe('? deploy awaiting approval');
    expect(row(lines, 'notify')).toBe('· notify');
    expect(row(lines, 'cleanup')).toBe('⊘ cleanup 800ms SIGTERM');
    // branches are indented under their group
    expect(lines.find((l) => l.includes(' lint '))).toMatch(/│  ✓ lint/);
    expect(lines[0]).toContain('? awaiting_approval');
    expect(lines[0]).toContain('9/13');
    expect(lines[0]).toContain('tokens 1.2k in/300 out $0.12');
    expect(lines[1]).toContain('gate `deploy`: Ship it?');
  });

  it('shows failed, needs review and a finished run', () => {
    const h = make();
    const events = demoJournal().slice(0, 16);
    const last = events[events.length - 1];
    const more = [
      { ...last, seq: last.seq + 1, type: 'stage.started', stage: 'execute', attempt: 2, runtime_id: 'local', pid: 1 },
      {
        ...last,
        seq: last.seq + 2,
        type: 'stage.finished',
        stage: 'execute',
        attempt: 2,
        status: 'failed',
        exit_code: 2,
        signal: null,
        duration_ms: 2000,
        outputs: {},
        log: null,
        reason: null,
        tail: ['boom'],
      },
      { ...last, seq: last.seq + 3, type: 'run.finished', status: 'needs_review', reason: 'evaluate was entered a 4th time (max_visits 3)' },
    ];
    for (const event of [...events, ...more]) h.dashboard.onEvent(event as never);
    const lines = h.text();
    expect(row(lines, 'execute')).toBe('✗ execute 2.0s exit 2 ×2 [local]');
    expect(lines[0]).toContain('! needs_review');
    expect(lines[1]).toContain('max_visits 3');
  });

  it('marks a waiting gate whose timeout has passed as expired (only the owner applies it)', () => {
    const h = make();
    const events = demoJournal().map((e) => (e.type === 'gate.waiting' ? { ...e, timeout_at: '2026-12-06T10:00:20.000Z', on_timeout: 'reject' as const } : e));
    for (const event of events) h.dashboard.onEvent(event);
    expect(row(h.text(), 'deploy')).toBe('? deploy expired awaiting approval');
  });

  it('lists fan-out cells under their stage, whenever they appear', () => {
    const h = make();
    const [startedEvent] = demoJournal();
    let seq = 1;
    const ev = (e: Record<string, unknown>) => ({ ...e, seq: ++seq, ts: '2026-12-06T10:00:01.000Z', run_id: startedEvent.run_id }) as never;
    h.dashboard.onEvent(startedEvent);
    for (const cell of ['install[os=linux]', 'install[os=mac]']) {
      h.dashboard.onEvent(ev({ type: 'stage.started', stage: cell, attempt: 1, runtime_id: null, pid: 1 }));
      h.dashboard.onEvent(
        ev({ type: 'stage.finished', stage: cell, attempt: 1, status: 'succeeded', exit_code: 0, signal: null, duration_ms: 1000, outputs: {}, log: null, reason: null }),
      );
    }
    const lines = h.text();
    const at = (id: string): number => lines.findIndex((l) => (l.split('│')[1] ?? '').trim().split(' ')[1] === id);
    expect(at('install')).toBeLessThan(at('install[os=linux]'));
    expect(at('install[os=linux]')).toBe(at('install') + 1);
    expect(at('install[os=mac]')).toBe(at('install') + 2);
    expect(at('checks')).toBe(at('install') + 3);
    expect(lines[at('install')]).toContain('install ⋔');
    expect(lines[at('install[os=linux]')]).toMatch(/│  ✓ install\[os=linux\] 1\.0s/);
  });

  it('replaying a journal draws the same screen as receiving it live, event by event', () => {
    const live = make();
    for (const event of demoJournal()) {
      live.dashboard.onEvent(event);
      live.dashboard.flush();
    }
    const replay = make();
    for (const event of demoJournal()) replay.dashboard.onEvent(event);
    expect(replay.text()).toEqual(live.text());
  });

  it('says when the terminal is too small, and lays out again when it grows', () => {
    const h = make({}, 70, 20);
    for (const event of demoJournal()) h.dashboard.onEvent(event);
    expect(h.text().join('\n')).toContain('terminal too small: 70x20, the dashboard needs at least 80x24');
    Object.assign(h.output, { columns: 100, rows: 30 });
    h.output.emit('resize');
    expect(h.text().join('\n')).not.toContain('terminal too small');
    expect(h.text()[0]).toContain('run 20261206-100000-demo');
  });

  it('uses colour only when asked (NO_COLOR gives glyphs without colour codes)', async () => {
    const sgrColour = /\x1b\[(?:[0-9;]*;)?3[0-7](?:;[0-9;]*)?m|\x1b\[38;5;/;
    const plain = make({ color: false });
    for (const event of demoJournal()) plain.dashboard.onEvent(event);
    plain.text();
    await new Promise((resolve) => setImmediate(resolve)); // blessed flushes its output buffer on the next tick
    expect(plain.writtenText()).toContain('✓');
    expect(plain.writtenText()).not.toMatch(sgrColour);
    const coloured = make({ color: true });
    for (const event of demoJournal()) coloured.dashboard.onEvent(event);
    coloured.text();
    await new Promise((resolve) => setImmediate(resolve));
    expect(coloured.writtenText()).toMatch(sgrColour);
  });

  it('coalesces redraws and draws nothing when nothing changed', async () => {
    const h = make();
    h.text();
    const before = h.dashboard.renders;
    for (const event of demoJournal()) h.dashboard.onEvent(event);
    expect(h.dashboard.renders).toBe(before); // nothing drawn synchronously per event
    await new Promise<void>((resolve) => {
      const check = (): void => void (h.dashboard.renders > before ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(h.dashboard.renders).toBe(before + 1); // 23 events, one frame
    const bytes = h.written();
    h.dashboard.flush();
    h.dashboard.flush();
    expect(h.dashboard.renders).toBe(before + 1);
    expect(h.written()).toBe(bytes);
  });
});
