// Recorded event sequences and a collecting stream for the reporter tests.
import { Writable } from 'node:stream';
import type { JournalEvent } from '../../src/model/index.js';

export const RUN_ID = '20261121-103000-k3f9';
const PIPELINE = { name: 'build-test', file: 'pipelines/build-test.yaml', hash: 'sha256:abc' };
const base = (seq: number, ts: string) => ({ seq, ts: `2026-11-21T10:30:${ts}Z`, run_id: RUN_ID });

/** A successful run: lint passes, build is skipped by `if`, test is retried once then passes. */
export const SUCCESS_RUN: JournalEvent[] = [
  { ...base(1, '00.000'), type: 'run.started', pipeline: PIPELINE, inputs: {}, parent_run: null },
  { ...base(2, '00.010'), type: 'stage.started', stage: 'lint', attempt: 1, runtime_id: null, pid: 101 },
  {
    ...base(3, '01.210'),
    type: 'stage.finished',
    stage: 'lint',
    attempt: 1,
    status: 'succeeded',
    exit_code: 0,
    signal: null,
    duration_ms: 1200,
    outputs: {},
    log: 'logs/lint.1.log',
    reason: null,
  },
  { ...base(4, '01.211'), type: 'route.decided', from: 'lint', to: 'test', why: 'next' },
  { ...base(5, '01.220'), type: 'stage.started', stage: 'test', attempt: 1, runtime_id: null, pid: 102 },
  {
    ...base(6, '01.300'),
    type: 'stage.finished',
    stage: 'test',
    attempt: 1,
    status: 'failed',
    exit_code: 1,
    signal: null,
    duration_ms: 80,
    outputs: {},
    log: null,
    reason: 'exit 1',
  },
  { ...base(7, '01.301'), type: 'stage.retrying', stage: 'test', attempt: 1, delay_ms: 1000, reason: 'exit 1' },
  { ...base(8, '02.301'), type: 'stage.started', stage: 'test', attempt: 2, runtime_id: null, pid: 103 },
  {
    ...base(9, '03.001'),
    type: 'stage.finished',
    stage: 'test',
    attempt: 2,
    status: 'succeeded',
    exit_code: 0,
    signal: null,
    duration_ms: 700,
    outputs: {},
    log: null,
    reason: null,
  },
  { ...base(10, '03.002'), type: 'stage.skipped', stage: 'build', attempt: 0, reason: 'if_false' },
  { ...base(11, '03.200'), type: 'run.finished', status: 'succeeded', reason: null },
];

/** The plain output of SUCCESS_RUN without colour. */
export const SUCCESS_GOLDEN = [
  '▶ build-test  run 20261121-103000-k3f9',
  '  • lint started',
  '  ✓ lint  1.2s',
  '  • test started',
  '  ✗ test  failed (exit 1) 80ms',
  '  ↻ test  retrying in 1.0s (attempt 1 failed: exit 1)',
  '  • test started (attempt 2)',
  '  ✓ test  700ms',
  '  ↷ build  skipped (if false)',
  '',
  '  stage  status     attempts  duration  reason',
  '  lint   succeeded         1      1.2s',
  '  test   succeeded         2     780ms',
  '  build  skipped           0         -  if false',
  '✓ succeeded in 3.2s',
  '',
].join('\n');

/** An agent loop that ends failed: a routed loop, a gate, a timeout and a failing stage. */
export const AGENT_RUN: JournalEvent[] = [
  { ...base(1, '00.000'), type: 'run.started', pipeline: { ...PIPELINE, name: 'agent-loop' }, inputs: {}, parent_run: null },
  { ...base(2, '00.001'), type: 'stage.started', stage: 'evaluate', attempt: 1, runtime_id: 'codex', pid: 7, adapter: 'codex', runtime_source: 'role' },
  {
    ...base(3, '02.001'),
    type: 'stage.finished',
    stage: 'evaluate',
    attempt: 1,
    status: 'succeeded',
    exit_code: 0,
    signal: null,
    duration_ms: 2000,
    outputs: { signal: 'fail' },
    log: 'logs/evaluate.1.log',
    reason: null,
  },
  { ...base(4, '02.002'), type: 'route.decided', from: 'evaluate', to: 'execute', why: "when outputs.signal == 'fail'" },
  { ...base(5, '02.003'), type: 'gate.waiting', stage: 'execute', attempt: 1, message: 'Agent edits prod', rule: 'gate_policy[0]' },
  { ...base(6, '03.000'), type: 'gate.decided', stage: 'execute', attempt: 1, decision: 'approved', by: 'alice', comment: null },
  { ...base(7, '03.001'), type: 'stage.started', stage: 'execute', attempt: 1, runtime_id: 'opencode', pid: 8 },
  {
    ...base(8, '08.001'),
    type: 'stage.finished',
    stage: 'execute',
    attempt: 1,
    status: 'timed_out',
    exit_code: null,
    signal: 'SIGTERM',
    duration_ms: 5000,
    outputs: {},
    log: 'logs/execute.1.log',
    reason: 'timed out after 5s',
  },
  { ...base(9, '08.002'), type: 'stage.started', stage: 'report', attempt: 1, runtime_id: null, pid: 9 },
  {
    ...base(10, '08.300'),
    type: 'stage.finished',
    stage: 'report',
    attempt: 1,
    status: 'cancelled',
    exit_code: null,
    signal: 'SIGTERM',
    duration_ms: 298,
    outputs: {},
    log: null,
    reason: null,
  },
  { ...base(11, '08.400'), type: 'run.finished', status: 'failed', reason: 'stage execute timed out' },
];

/** A stream that remembers everything written to it (synchronously, so no awaiting is needed). */
export function collectingStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
