// A journal that shows every status the dashboard draws: a parallel group, a retry, a loop with
// visits, an agent runtime, skips (cached, if, target) and a gate.
import { planStagesOf, type JournalEvent, type RunPlan, type Stage } from '../../../src/model/index.js';

const RUN = '20261206-100000-demo';
const loc = { file: 'pipelines/demo.yaml', line: 1, col: 1 };
const base = { env: {}, onFailure: 'fail' as const, sources: [] as string[], generates: [] as string[], idempotent: true, loc };
const cmd = (id: string, next: Stage['next'] = [], extra: Partial<Stage> = {}): Stage =>
  ({ ...base, id, kind: 'command', run: { kind: 'argv', argv: ['true'] }, next, ...extra }) as Stage;

const stages: Stage[] = [
  cmd('install'),
  {
    ...base,
    id: 'checks',
    kind: 'parallel',
    failFast: false,
    next: [],
    branches: [cmd('lint'), cmd('types'), cmd('unit', [], { retry: { max: 2, delayMs: 5000, backoff: 1 } } as Partial<Stage>)],
  } as Stage,
  { ...base, id: 'execute', kind: 'agent', agent: { role: 'execute', prompt: 'x' }, next: [] } as Stage,
  {
    ...base,
    id: 'evaluate',
    kind: 'agent',
    agent: { role: 'evaluate', prompt: 'x' },
    maxVisits: 3,
    next: [{ when: "outputs.signal == 'fail'", to: 'execute' }, { to: 'docs' }],
  } as Stage,
  cmd('docs', [], { if: "inputs.env == 'prod'" }),
  cmd('cache'),
  cmd('bench'),
  cmd('deploy', [], { approval: { message: 'Ship it?', onTimeout: 'reject' } } as Partial<Stage>),
  cmd('notify'),
  cmd('cleanup'),
  cmd('audit'),
];

export const PLAN: RunPlan = { machine_hash: 'sha256:m', stages: planStagesOf(stages) };

let seq = 0;
const at = (s: number): string => new Date(Date.parse('2026-12-06T10:00:00.000Z') + s * 1000).toISOString();
type Draft = Omit<JournalEvent, 'seq' | 'ts' | 'run_id'> & Record<string, unknown>;
function ev(second: number, draft: Draft): JournalEvent {
  return { ...draft, seq: ++seq, ts: at(second), run_id: RUN } as JournalEvent;
}
const start = (s: number, stage: string, attempt = 1, runtime: string | null = null): JournalEvent =>
  ev(s, { type: 'stage.started', stage, attempt, runtime_id: runtime, pid: 100 });
const end = (s: number, stage: string, attempt: number, status: string, extra: Record<string, unknown> = {}): JournalEvent =>
  ev(s, {
    type: 'stage.finished',
    stage,
    attempt,
    status,
    exit_code: status === 'succeeded' ? 0 : status === 'timed_out' ? null : 1,
    signal: status === 'timed_out' ? 'SIGTERM' : null,
    duration_ms: 1500,
    outputs: {},
    log: `logs/${stage}.${attempt}.log`,
    reason: null,
    ...extra,
  });

/** Builds the demo journal (fresh seq numbers each call). */
export function demoJournal(): JournalEvent[] {
  seq = 0;
  return [
    ev(0, { type: 'run.started', version: 2, plan: PLAN, pipeline: { name: 'demo', file: 'pipelines/demo.yaml', hash: 'sha256:1' }, inputs: {}, parent_run: null }),
    start(1, 'install'),
    end(2, 'install', 1, 'succeeded'),
    ev(2, { type: 'route.decided', from: 'install', to: 'checks', why: 'default' }),
    start(3, 'lint'),
    start(3, 'types'),
    start(3, 'unit'),
    end(5, 'lint', 1, 'succeeded'),
    end(6, 'types', 1, 'timed_out'),
    end(7, 'unit', 1, 'failed'),
    ev(7, { type: 'stage.retrying', stage: 'unit', attempt: 1, delay_ms: 30_000, reason: 'exit code 1' }),
    start(8, 'execute', 1, 'local'),
    end(9, 'execute', 1, 'succeeded', { usage: { input_tokens: 1200, output_tokens: 300, cost_usd: 0.12 } }),
    start(10, 'evaluate', 1, 'local'),
    end(11, 'evaluate', 1, 'succeeded', { outputs: { signal: 'fail' } }),
    ev(11, { type: 'route.decided', from: 'evaluate', to: 'execute', why: "outputs.signal == 'fail'" }),
    start(12, 'execute', 2, 'local'),
    ev(14, { type: 'stage.skipped', stage: 'docs', attempt: 1, reason: 'if_false' }),
    ev(14, { type: 'stage.skipped', stage: 'cache', attempt: 1, reason: 'cached', detail: 'sources unchanged' }),
    ev(14, { type: 'stage.skipped', stage: 'bench', attempt: 1, reason: 'target' }),
    ev(15, { type: 'gate.waiting', stage: 'deploy', attempt: 1, message: 'Ship it?', rule: null }),
    start(16, 'cleanup'),
    ev(17, {
      type: 'stage.finished',
      stage: 'cleanup',
      attempt: 1,
      status: 'cancelled',
      exit_code: null,
      signal: 'SIGTERM',
      duration_ms: 800,
      outputs: {},
      log: null,
      reason: 'cancelled',
    }),
  ];
}
