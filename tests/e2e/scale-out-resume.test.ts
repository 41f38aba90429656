// Scale-out and a coordinator crash: the coordinator is SIGKILLed while two stages run on a
// worker; one finishes while it is down, one is still running at resume. `flowstate resume`
// takes the first's result and re-attaches to the second: no stage runs twice (a counter file
// per stage proves it), and the re-attached stage's log holds all of its output.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StageFinishedEvent } from '../../src/model/index.js';
import { makeProject, readRunManifest } from './helpers.js';
import { journalOf, linesOf, runDirOf, startFlowstate, startRedis, startWorker, stopProcess, waitFor, type CliProcess, type RedisServer } from './scale-out-helpers.js';

/** A branch that counts its starts, prints, waits for its `go` file, prints again and counts its end. */
const branch = (id: string): string =>
  `      ${id}:\n        run: echo start >> count-${id}; echo "${id} before"; while [ ! -f go-${id} ]; do sleep 0.05; done; echo "${id} after"; echo end >> count-${id}\n`;

let redis: RedisServer;
let project: string;
let worker: CliProcess | undefined;

beforeAll(async () => {
  redis = await startRedis();
  project = makeProject({
    'pipelines/crash.yaml': `version: 1\nname: crash\nstages:\n  first:\n    run: echo start >> count-first\n  pair:\n    parallel:\n${branch('early')}${branch('late')}  last:\n    run: echo start >> count-last\n`,
  });
  worker = await startWorker(project, redis.url, 'wR');
}, 60_000);

afterAll(async () => {
  for (const id of ['early', 'late']) writeFileSync(join(project, `go-${id}`), '');
  await stopProcess(worker);
  await redis?.stop();
});

it('resume takes results of stages that finished on workers meanwhile and re-attaches to running ones', async () => {
  const run = startFlowstate(project, ['run', 'pipelines/crash.yaml', '--redis', redis.url, '--no-ui']);
  const count = (id: string): string[] => linesOf(join(project, `count-${id}`));
  await waitFor('both branches running on the worker', () => count('early').length === 1 && count('late').length === 1);
  const runDir = runDirOf(project, 'crash') ?? '';
  await waitFor('both placements journalled', () => journalOf(project, 'crash').filter((e) => e.type === 'stage.started' && e.worker === 'wR').length === 3);
  run.child.kill('SIGKILL');
  await run.exited;
  // While the coordinator is down, `early` finishes on the worker.
  writeFileSync(join(project, 'go-early'), '');
  await waitFor('early to finish on the worker', () => count('early').length === 2);
  const resume = startFlowstate(project, ['resume', '--last', '--redis', redis.url]);
  await waitFor('the resumed run to follow late', () => existsSync(join(runDir, 'events.jsonl')) && readFileSync(join(runDir, 'events.jsonl'), 'utf8').includes('run.resumed'));
  writeFileSync(join(project, 'go-late'), '');
  expect(await resume.exited).toBe(0);
  expect({ first: count('first'), early: count('early'), late: count('late'), last: count('last') }).toEqual({
    first: ['start'],
    early: ['start', 'end'],
    late: ['start', 'end'],
    last: ['start'],
  });
  const finished = journalOf(project, 'crash').filter((e): e is StageFinishedEvent => e.type === 'stage.finished' && (e.stage === 'early' || e.stage === 'late'));
  expect(finished.map((e) => [e.stage, e.attempt, e.status]).sort()).toEqual([
    ['early', 1, 'succeeded'],
    ['late', 1, 'succeeded'],
  ]);
  expect(resume.stdout()).not.toContain('rebuilt it from events.jsonl');
  readRunManifest(runDir);
  expect(readFileSync(join(runDir, 'logs/late.1.log'), 'utf8')).toBe('late before\nlate after\n');
  expect(readFileSync(join(runDir, 'logs/early.1.log'), 'utf8')).toBe('early before\nearly after\n');
}, 90_000);
