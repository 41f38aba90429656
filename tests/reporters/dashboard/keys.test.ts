// Headless dashboard keys: selection, focus, filter, log scrollback and search, help, quit, actions.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { headless, KEY, type Headless } from './harness.js';
import { demoJournal } from './journal.js';

const open: Headless[] = [];
function make(...args: Parameters<typeof headless>): Headless {
  const h = headless(...args);
  open.push(h);
  for (const event of demoJournal()) h.dashboard.onEvent(event);
  h.text();
  return h;
}
afterEach(() => {
  for (const h of open.splice(0)) h.dashboard.close();
});

/** The id of the selected stage, read from the log pane's title. */
const selected = (h: Headless): string => /─ log (\S+)/.exec(h.text()[2])?.[1] ?? '';
const screen = (h: Headless): string => h.text().join('\n');

/** A run dir whose install log has `n` numbered lines. */
function runDirWithLog(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowstate-dash-'));
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'install.1.log'), Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
  return dir;
}

describe('dashboard keys', () => {
  it('moves the selection with j/k and arrows, g/G and page keys, and stops following', () => {
    const h = make();
    expect(selected(h)).toBe('deploy'); // follow: the stage the run waits on
    expect(h.text()[2]).toContain('(follow)');
    h.press('k');
    expect(selected(h)).toBe('bench');
    expect(h.text()[2]).not.toContain('(follow)');
    h.press(KEY.up, KEY.up);
    expect(selected(h)).toBe('docs');
    h.press('j', KEY.down);
    expect(selected(h)).toBe('bench');
    h.press('g');
    expect(selected(h)).toBe('install');
    h.press('G');
    expect(selected(h)).toBe('audit');
    h.press(KEY.pageUp);
    expect(selected(h)).toBe('install');
    h.press(KEY.pageDown);
    expect(selected(h)).toBe('audit');
    h.press('f');
    expect(selected(h)).toBe('deploy');
    expect(h.text()[1]).toContain('follow on');
  });

  it('filters stages with / (Esc leaves the filter as it was)', () => {
    const h = make();
    h.press('/', 'c', 'h');
    expect(h.text().at(-1)).toContain('filter stages: ch');
    h.press(KEY.enter);
    const text = screen(h);
    expect(text).toContain('stages /ch');
    expect(text).toMatch(/checks/);
    expect(text).toMatch(/cache/);
    expect(text).not.toMatch(/install/);
    h.press('/', KEY.backspace, KEY.backspace, 'z', 'z', KEY.enter);
    expect(screen(h)).toContain('no stage matches "zz"');
    h.press('/', 'q', KEY.escape);
    expect(screen(h)).toContain('stages /zz');
    h.press('/', KEY.backspace, KEY.backspace, KEY.enter);
    expect(screen(h)).toContain('install');
  });

  it('tails the selected stage log with a bounded scrollback, scrolls and searches it', () => {
    const h = make({ runDir: runDirWithLog(12_000) });
    h.press('g'); // install
    let text = h.text();
    expect(text.some((l) => l.includes('line 12000'))).toBe(true);
    h.press(KEY.enter); // focus the log
    expect(h.text().at(-1)).toContain('j/k scroll');
    h.press('g');
    text = h.text();
    expect(text.some((l) => /│line 2001\s/.test(l))).toBe(true); // 10,000 lines kept: 2001..12000
    expect(text.some((l) => /│line 2000\s/.test(l))).toBe(false);
    h.press('/', ...'line 7777', KEY.enter);
    expect(h.text().some((l) => l.includes('line 7777'))).toBe(true);
    expect(h.text()[1]).toContain('match at line 5,777 of 10,000');
    h.press('/', ...'line 1', KEY.enter); // newest match first: line 11999 (ends with "line 1..." lines), then n/N
    const newest = /match at line ([\d,]+)/.exec(h.text()[1])![1];
    h.press('N');
    const previous = /match at line ([\d,]+)/.exec(h.text()[1])![1];
    expect(Number(previous.replace(/,/g, ''))).toBeLessThan(Number(newest.replace(/,/g, '')));
    h.press('n');
    expect(h.text()[1]).toContain(`match at line ${newest} `);
    h.press('/', ...'nothing-like-this', KEY.enter);
    expect(h.text()[1]).toContain('"nothing-like-this" not found in the last 10,000 lines');
    h.press('G');
    expect(h.text().some((l) => l.includes('line 12000'))).toBe(true);
  });

  it('navigates a 1,000-stage run: G, g and filtering reach any stage, only visible rows are drawn', () => {
    const h = headless();
    open.push(h);
    let seq = 0;
    const ev = (e: Record<string, unknown>) => ({ ...e, seq: ++seq, ts: '2026-12-06T10:00:00.000Z', run_id: 'r' }) as never;
    h.dashboard.onEvent(ev({ type: 'run.started', pipeline: { name: 'big', file: 'p', hash: 'h' }, inputs: {}, parent_run: null }));
    for (let i = 0; i < 1000; i++) h.dashboard.onEvent(ev({ type: 'stage.skipped', stage: `s${i}`, attempt: 1, reason: 'cached' }));
    h.press('G');
    expect(selected(h)).toBe('s999');
    expect(screen(h)).toContain('stages 1000/1000');
    h.press('g');
    expect(selected(h)).toBe('s0');
    h.press('/', ...'s777', KEY.enter);
    expect(screen(h)).toMatch(/↷ s777 cached/);
    expect(screen(h)).toContain('stages /s777 1/1');
  });

  it('shows the help on ? and closes it with any key', () => {
    const h = make();
    h.press('?');
    expect(screen(h)).toContain('re-run from the selected stage');
    expect(screen(h)).toContain('◷ timed out');
    h.press('x');
    expect(screen(h)).not.toContain('re-run from the selected stage');
  });

  it('approves the selected gate with a comment, and refuses a stage that is not waiting', async () => {
    const calls: string[] = [];
    const h = make({ actions: { decide: async (stage, decision, comment) => (calls.push(`${stage} ${decision} ${comment}`), 'approved `deploy`; the run continues') } });
    h.press('k', 'a');
    expect(h.text()[1]).toContain('stage bench is not waiting for approval');
    h.press('j', 'a');
    expect(h.text().at(-1)).toContain('approve deploy, comment (optional):');
    h.press(...'lgtm', KEY.enter);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['deploy approved lgtm']);
    expect(h.text()[1]).toContain('approved `deploy`; the run continues');
  });

  it('asks before cancelling and re-running, and shows an action error', async () => {
    const calls: string[] = [];
    const h = make({
      actions: {
        cancel: async () => (calls.push('cancel'), 'cancelling'),
        rerunFrom: async () => {
          throw new Error('no such run');
        },
      },
    });
    h.press('c');
    expect(h.text().at(-1)).toContain('cancel the run');
    h.press('n');
    expect(calls).toEqual([]);
    h.press('c', 'y');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['cancel']);
    h.press('R');
    expect(h.text()[1]).toContain('the run is still live');
  });

  it('switches to plain streamed output with s (events go to the plain reporter) and back', async () => {
    const seen: string[] = [];
    const plain = { onEvent: (e: { type: string }) => seen.push(e.type), onStageLine: (stage: string, line: string) => seen.push(`${stage}: ${line}`), close: () => undefined };
    const h = make({ plain: plain as never });
    h.press('s');
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.writtenText()).toContain('\x1b[?1049l'); // left the alternate screen
    expect(h.writtenText()).toContain('flowstate: plain output (press s for the dashboard)');
    const [last] = demoJournal().slice(-1);
    h.dashboard.onEvent({ ...last, seq: 99, type: 'run.finished', status: 'cancelled', reason: 'interrupted by signal' } as never);
    h.dashboard.onStageLine?.('cleanup', 'bye', 'stdout');
    expect(seen).toEqual(['run.finished', 'cleanup: bye']);
    const renders = h.dashboard.renders;
    h.press('s');
    expect(h.dashboard.renders).toBe(renders + 1); // everything drawn again
    expect(h.text()[0]).toContain('⊘ cancelled');
  });

  it('quits on q; a live run of this process asks to detach or cancel', async () => {
    const viewer = make();
    viewer.press('q');
    await expect(viewer.dashboard.quit).resolves.toBe('quit');
    const owner = make({ owned: true });
    owner.press('q');
    expect(owner.text().at(-1)).toContain('d detach');
    owner.press('d');
    await expect(owner.dashboard.quit).resolves.toBe('detach');
  });
});
