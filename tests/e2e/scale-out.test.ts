// Scale-out end to end: a 20-stage pipeline with a parallel group across two real workers
// (labels respected), logs identical to a local run, secrets masked after crossing Redis, and
// bad or unreachable Redis URLs refused with exit 2 and no credentials echoed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageStartedEvent } from '../../src/model/index.js';
import { makeProject, readEvents, readRunManifest, runCli, type RunJson } from './helpers.js';
import { startRedis, startWorker, stopProcess, type CliProcess, type RedisServer } from './scale-out-helpers.js';

const SECRET = 'supersecretvalue123';
const seq = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i + 1).padStart(2, '0'));
const BRANCH_LABELS = ['alpha', 'beta', '', 'alpha', 'beta', '', 'alpha', 'beta'];

/** 6 stages, a group of 8 branches (labelled alpha, beta or none), 5 stages, and one that prints a tricky log: 20 stages. */
function twentyStages(): string {
  const head = seq(6).map((n) => `  s${n}:\n    run: echo "stage s${n}"\n`);
  const branches = seq(8).map((n, i) => {
    const label = BRANCH_LABELS[i] ? `        runs_on: [${BRANCH_LABELS[i]}]\n` : '';
    return `      b${n}:\n${label}        run: sleep 0.2; echo "branch b${n}"\n`;
  });
  const tail = seq(5).map((n) => `  t${n}:\n    run: echo "stage t${n} after \${{ stages.s01.outputs.k ?? 'none' }}"\n`);
  const tricky = [
    '  tricky:',
    '    runs_on: [beta]',
    `    run: [node, -e, "process.stderr.write('to stderr é ✓\\\\n'); setTimeout(() => process.stdout.write('line one\\\\ntoken=' + process.env.API_TOKEN + '\\\\nprogress 10%\\\\rprogress 100%\\\\nno newline at end'), 100)"]`,
    '',
  ];
  return `version: 1\nname: twenty\nenv:\n  API_TOKEN: ${SECRET}\nstages:\n${head.join('')}  grid:\n    parallel:\n${branches.join('')}${tail.join('')}${tricky.join('\n')}`;
}

/** `flowstate run ... --json`, parsed; the error output is shown when there is no document. */
function runJsonOf(cwd: string, args: string[]): RunJson {
  const result = runCli(cwd, args);
  if (!result.stdout.trim()) throw new Error(`no JSON (exit ${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as RunJson;
}

let redis: RedisServer;
let project: string;
const workers: CliProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  project = makeProject({ 'pipelines/twenty.yaml': twentyStages() });
  workers.push(await startWorker(project, redis.url, 'wA', ['alpha']), await startWorker(project, redis.url, 'wB', ['beta']));
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => stopProcess(w)));
  await redis?.stop();
});

describe('flowstate run --executor bullmq', () => {
  let remote: RunJson;
  let local: RunJson;
  beforeAll(() => {
    remote = runJsonOf(project, ['run', 'pipelines/twenty.yaml', '--redis', redis.url, '--json']);
    local = runJsonOf(project, ['run', 'pipelines/twenty.yaml', '--executor', 'local', '--json']);
  }, 120_000);

  it('runs the 20 stages across both workers, each labelled stage on a worker with its label', () => {
    expect(remote.status).toBe('succeeded');
    readRunManifest(remote.run_dir);
    // The group itself runs nothing: its branches do.
    const started = readEvents(remote.run_dir).filter((e): e is StageStartedEvent => e.type === 'stage.started' && e.stage !== 'grid');
    expect(started).toHaveLength(20);
    for (const event of started) {
      expect(event.executor).toBe('bullmq');
      expect(event.host).toBeTruthy();
      expect(event.job).toBe(`${remote.run_id}.${encodeURIComponent(event.stage)}.1`);
    }
    expect(new Set(started.map((e) => e.worker))).toEqual(new Set(['wA', 'wB']));
    const labelOf = (stage: string): string => (stage === 'tricky' ? 'beta' : stage.startsWith('b') ? (BRANCH_LABELS[Number(stage.slice(1)) - 1] ?? '') : '');
    for (const event of started) {
      if (labelOf(event.stage) === 'alpha') expect(event.worker).toBe('wA');
      if (labelOf(event.stage) === 'beta') expect(event.worker).toBe('wB');
    }
  });

  it('records no executor on local stage.started events (absent means local)', () => {
    expect(local.status).toBe('succeeded');
    const started = readEvents(local.run_dir).filter((e): e is StageStartedEvent => e.type === 'stage.started');
    expect(started.every((e) => e.executor === undefined && e.worker === undefined)).toBe(true);
  });

  it('writes every stage log byte for byte as a local run does', () => {
    const logs = readdirSync(join(local.run_dir, 'logs')).sort();
    expect(readdirSync(join(remote.run_dir, 'logs')).sort()).toEqual(logs);
    for (const log of logs) expect(readFileSync(join(remote.run_dir, 'logs', log), 'utf8'), log).toBe(readFileSync(join(local.run_dir, 'logs', log), 'utf8'));
    expect(readFileSync(join(remote.run_dir, 'logs/tricky.1.log'), 'utf8')).toContain('to stderr é ✓\n');
  });

  it('masks the secret in the log that crossed Redis, and keeps it out of the journal and manifest', () => {
    expect(readFileSync(join(remote.run_dir, 'logs/tricky.1.log'), 'utf8')).toContain('token=***\n');
    for (const file of ['events.jsonl', 'manifest.json', ...readdirSync(join(remote.run_dir, 'logs')).map((l) => `logs/${l}`)]) {
      expect(readFileSync(join(remote.run_dir, file), 'utf8'), file).not.toContain(SECRET);
    }
  });

  it('shows where each stage ran: status (text and --json) and the viz details panel', () => {
    const status = JSON.parse(runCli(project, ['status', remote.run_id, '--json']).stdout) as { placements: Record<string, { worker: string; job: string }> };
    expect(status.placements.tricky).toMatchObject({ executor: 'bullmq', worker: 'wB', job: `${remote.run_id}.tricky.1` });
    expect(Object.keys(status.placements)).toHaveLength(20);
    expect(JSON.parse(runCli(project, ['status', local.run_id, '--json']).stdout)).not.toHaveProperty('placements');
    const text = runCli(project, ['status', remote.run_id]).stdout;
    expect(text).toMatch(/stage\s+status\s+attempts\s+duration\s+ran on/);
    expect(text).toMatch(/tricky\s+succeeded\s+1\s+\S+\s+wB \(/);
    expect(runCli(project, ['status', local.run_id]).stdout).not.toContain('ran on');
    const html = runCli(project, ['viz', 'pipelines/twenty.yaml', '--format', 'html', '--run', remote.run_id]).stdout;
    expect(html).toMatch(/"ran_on":"wA \(/);
  });
});

describe('bad Redis URLs', () => {
  it('refuses a malformed URL with exit 2 and without echoing the password', () => {
    const result = runCli(project, ['run', 'pipelines/twenty.yaml', '--redis', 'http://user:hunter2pass@example']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unsupported scheme http:/);
    expect(result.stderr + result.stdout).not.toContain('hunter2pass');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an unreachable Redis with exit 2 before anything runs, password hidden', () => {
    const result = runCli(project, ['run', 'pipelines/twenty.yaml', '--redis', 'redis://u:hunter2pass@127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot reach Redis at redis://***@127.0.0.1:1');
    expect(result.stderr + result.stdout).not.toContain('hunter2pass');
  });

  it('refuses `worker` without a Redis URL (exit 2)', () => {
    const result = runCli(project, ['worker'], { FLOWSTATE_REDIS_URL: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a Redis URL');
  });
});
