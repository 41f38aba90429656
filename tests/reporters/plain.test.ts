import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { createPlainReporter, stripAnsi } from '../../src/reporters/index.js';
import { AGENT_RUN, collectingStream, SUCCESS_GOLDEN, SUCCESS_RUN } from './fixtures.js';

function renderPlain(events: JournalEvent[], color: boolean, runDir?: string): string {
  const { stream, text } = collectingStream();
  const reporter = createPlainReporter({ out: stream, color, runDir });
  for (const event of events) reporter.onEvent(event);
  reporter.close();
  return text();
}

describe('plain reporter', () => {
  let runDir: string;
  beforeEach(async () => {
    runDir = await mkdtemp(join(tmpdir(), 'flowstate-reporters-'));
  });
  afterEach(async () => {
    await rm(runDir, { recursive: true, force: true });
  });

  it('prints the golden output of a successful run without colour codes', () => {
    const output = renderPlain(SUCCESS_RUN, false);
    expect(output).toBe(SUCCESS_GOLDEN);
    expect(output).not.toContain('\x1b');
  });

  it('colours the same text when colour is on', () => {
    const output = renderPlain(SUCCESS_RUN, true);
    expect(output).toContain('\x1b[');
    expect(stripAnsi(output)).toBe(SUCCESS_GOLDEN);
    expect(output).toContain('  \x1b[32m✓\x1b[39m lint  \x1b[2m1.2s\x1b[22m\n');
    expect(output).toContain('  \x1b[31m✗\x1b[39m test  \x1b[31mfailed\x1b[39m (exit 1) \x1b[2m80ms\x1b[22m\n');
    expect(output.endsWith('\x1b[32m✓ succeeded\x1b[39m in 3.2s\n')).toBe(true);
  });

  it('shows the readable tail a stage.finished carries instead of the raw log (the log holds JSON records)', async () => {
    await mkdir(join(runDir, 'logs'));
    await writeFile(join(runDir, 'logs', 'judge.1.log'), '{"type":"system","subtype":"init","cwd":"/w"}\n{"type":"result","is_error":true}\n');
    const base = {
      seq: 2,
      ts: '2026-11-21T10:30:02.000Z',
      run_id: 'r1',
      stage: 'judge',
      attempt: 1,
      exit_code: 1,
      signal: null,
      duration_ms: 1500,
      outputs: {},
      log: 'logs/judge.1.log',
    };
    const failed: JournalEvent = {
      ...base,
      type: 'stage.finished',
      status: 'failed',
      reason: 'exit 1: claude result success, is_error: Not logged in',
      tail: ['result (success, is_error): Not logged in · Please run /login'],
    };
    const silent: JournalEvent = { ...base, type: 'stage.finished', stage: 'build', status: 'timed_out', exit_code: null, signal: 'SIGTERM', reason: 'no output for 5s', tail: [] };
    const output = renderPlain([failed, silent], false, runDir);
    expect(output).toBe(
      ['  ✗ judge  failed (exit 1) 1.5s', '    │ result (success, is_error): Not logged in · Please run /login', '  ⏱ build  timed out (no output for 5s) 1.5s', ''].join('\n'),
    );
  });

  it('prints routes, gates, runtimes, timeouts and a failed run with the tail the event carries', () => {
    const tail = [...Array.from({ length: 19 }, (_, i) => `line ${i + 1}`), '\x1b[31mred error\x1b[0m'];
    const events = AGENT_RUN.map((e) => (e.type === 'stage.finished' && e.status === 'timed_out' ? { ...e, tail } : e));
    const output = renderPlain(events, false, runDir);
    expect(output).toBe(
      [
        '▶ agent-loop  run 20261121-103000-k3f9',
        '  • evaluate started [runtime codex]',
        '  ✓ evaluate  2.0s',
        "  → evaluate → execute (when outputs.signal == 'fail')",
        '  ⏸ execute  waiting for approval: Agent edits prod',
        '  ✓ execute  approved by alice',
        '  • execute started [runtime opencode]',
        '  ⏱ execute  timed out after 5s 5.0s',
        ...Array.from({ length: 19 }, (_, i) => `    │ line ${i + 1}`),
        '    │ red error',
        '  • report started',
        '  ⊘ report  cancelled 298ms',
        '',
        '  stage     status     attempts  duration  reason',
        '  evaluate  succeeded         1      2.0s',
        '  execute   timed_out         1      5.0s  timed out after 5s',
        '  report    cancelled         1     298ms  signal SIGTERM',
        '✗ failed: stage execute timed out',
        '',
      ].join('\n'),
    );
  });

  it('never reads log files: a stage.finished without a tail (version-1 journals) prints none, whatever the log holds', async () => {
    await mkdir(join(runDir, 'logs'));
    await writeFile(join(runDir, 'logs', 'execute.1.log'), 'line 1\nline 2\n');
    await writeFile(join(runDir, 'logs', 'test.1.log'), 'boom\n');
    const failed: JournalEvent = {
      seq: 1,
      ts: '2026-11-21T10:30:00Z',
      run_id: 'r',
      type: 'stage.finished',
      stage: 'test',
      attempt: 1,
      status: 'failed',
      exit_code: 2,
      signal: null,
      duration_ms: 5,
      outputs: {},
      log: 'logs/test.1.log',
      reason: null,
    };
    expect(renderPlain([failed], false, runDir)).toBe('  ✗ test  failed (exit 2) 5ms\n');
    const withDir = renderPlain(AGENT_RUN, false, runDir);
    expect(withDir).not.toContain('│');
    expect(withDir).toBe(renderPlain(AGENT_RUN, false));
  });

  it('prints live stage lines only when verbose, and nothing after close', () => {
    const quiet = collectingStream();
    const quietReporter = createPlainReporter({ out: quiet.stream, color: false });
    quietReporter.onStageLine?.('lint', 'checking 3 files', 'stdout');
    expect(quiet.text()).toBe('');

    const loud = collectingStream();
    const reporter = createPlainReporter({ out: loud.stream, color: false, verbose: true });
    reporter.onStageLine?.('lint', '\x1b[33mchecking\x1b[39m 3 files', 'stdout');
    reporter.onStageLine?.('lint', 'warning: x', 'stderr');
    reporter.close();
    reporter.onStageLine?.('lint', 'after close', 'stdout');
    reporter.onEvent(SUCCESS_RUN[0]);
    expect(loud.text()).toBe('[lint] checking 3 files\n[lint] warning: x\n');
  });

  it('names the visit of a stage entered again by a loop', () => {
    const started = (visit: number, attempt: number): JournalEvent => ({
      seq: 1,
      ts: '2026-11-21T10:30:00Z',
      run_id: 'r',
      type: 'stage.started',
      stage: 'execute',
      attempt,
      visit,
      runtime_id: 'local',
      pid: 1,
      adapter: 'command',
      runtime_source: 'default',
    });
    expect(renderPlain([started(1, 1)], false)).toBe('  • execute started [runtime local]\n');
    expect(renderPlain([started(2, 1)], false)).toBe('  • execute started (visit 2) [runtime local]\n');
    expect(renderPlain([started(3, 2)], false)).toBe('  • execute started (visit 3, attempt 2) [runtime local]\n');
  });

  it('words the end of a run by its status and reason', () => {
    const finish = (status: 'needs_review' | 'cancelled' | 'failed', reason: string | null): string => {
      const event: JournalEvent = { seq: 2, ts: '2026-11-21T10:30:01Z', run_id: 'r', type: 'run.finished', status, reason };
      return renderPlain([event], false);
    };
    expect(finish('needs_review', 'evaluate visited 4 times')).toBe('\n⚠ needs review: evaluate visited 4 times\n');
    expect(finish('cancelled', null)).toBe('\n⊘ cancelled\n');
    expect(finish('failed', null)).toBe('\n✗ failed\n');
  });
});
