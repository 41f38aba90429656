// Services (`service: true`): started and probed, used by the next stage, stopped at the end of
// the run or after their `until` stage with no process left; an early death fails the stages
// that depend on it; Ctrl-C and a crash + resume never leave a service behind.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { noSurvivors, onlyRunDir, startCli } from './crash-helpers.js';
import { groupAlive, makeProject, pidAlive, pipelineYaml, readEvents, readRunManifest, REPO, runCli } from './helpers.js';

const SERVER = join(REPO, 'examples/http-service.mjs');
const FETCH = (url: string) => `[node, -e, "fetch('${url}').then((r) => r.text()).then((t) => console.log('got: ' + t.trim()))"]`;

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Process groups of a stage's attempts, from its stage.finished events. */
function groupsOf(events: JournalEvent[], stage: string): number[] {
  return events.flatMap((e) => (e.type === 'stage.finished' && e.stage === stage && typeof e.pid === 'number' ? [e.pid] : []));
}

describe('services', () => {
  it('starts, is ready over http, serves the next stage, and is stopped at the end of the run with no process left', async () => {
    const port = await freePort();
    const project = makeProject({
      'svc.yaml': pipelineYaml(
        'svc',
        `  web:\n    service: true\n    run: [node, ${SERVER}, "\${{ inputs.port }}", web.pid]\n    ready: { http: "http://127.0.0.1:\${{ inputs.port }}/", timeout: 20s }\n  test:\n    run: ${FETCH('http://127.0.0.1:${{ inputs.port }}/')}\n`,
        'inputs:\n  port: { type: integer }\n',
      ),
    });
    const result = runCli(project, ['run', 'svc.yaml', '--input', `port=${port}`]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const runDir = onlyRunDir(project, 'svc') as string;
    const servicePid = Number(readFileSync(join(project, 'web.pid'), 'utf8'));
    expect(readFileSync(join(runDir, 'logs/test.1.log'), 'utf8')).toContain(`got: hello from ${servicePid}`);
    const manifest = readRunManifest(runDir);
    expect(manifest.stages.web).toMatchObject({ status: 'succeeded', outputs: { port: String(port), pid: String(servicePid) } });
    const [group] = groupsOf(readEvents(runDir), 'web');
    expect(group).toBeGreaterThan(1);
    expect(groupAlive(group as number)).toBe(false);
    expect(pidAlive(servicePid)).toBe(false);
    expect(await noSurvivors(runDir)).toBe(true);
  });

  it('a log probe and outputs: the next stage reads the port the service chose', () => {
    const project = makeProject({
      'svc.yaml': pipelineYaml(
        'svc',
        `  web:\n    service: true\n    run: [node, ${SERVER}, "0"]\n    ready: { log: listening on }\n  test:\n    run: ${FETCH('http://127.0.0.1:${{ stages.web.outputs.port }}/')}\n`,
      ),
    });
    const result = runCli(project, ['run', 'svc.yaml']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const runDir = onlyRunDir(project, 'svc') as string;
    expect(readFileSync(join(runDir, 'logs/test.1.log'), 'utf8')).toMatch(/got: hello from \d+/);
  });

  it('`until` stops the service once that stage has finished; later stages see it gone', () => {
    const project = makeProject({
      'svc.yaml': pipelineYaml(
        'svc',
        `  web:\n    service: true\n    run: [node, ${SERVER}, "0", web.pid]\n    ready: { command: test -s web.pid, interval: 50ms }\n    until: test\n  test:\n    run: kill -0 $(cat web.pid)\n  after:\n    run: if kill -0 $(cat web.pid) 2>/dev/null; then echo still up; exit 1; fi\n`,
      ),
    });
    const result = runCli(project, ['run', 'svc.yaml']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
  });

  it('a service that dies early fails the stage depending on it, with the reason, and the run', async () => {
    const port = await freePort();
    const project = makeProject({
      'svc.yaml': pipelineYaml(
        'svc',
        `  web:\n    service: true\n    run: [node, ${SERVER}, "${port}"]\n    ready: { tcp: ${port} }\n  test:\n    run: node -e "fetch('http://127.0.0.1:\${{ stages.web.outputs.port }}/exit').catch(() => {})"; sleep 30\n  never:\n    run: echo never > never.txt\n`,
      ),
    });
    const result = runCli(project, ['run', 'svc.yaml']);
    expect(result.code).toBe(1);
    const manifest = readRunManifest(onlyRunDir(project, 'svc') as string);
    expect(manifest.stages.test).toMatchObject({ status: 'failed', reason: expect.stringContaining('service `web` exited with code 3') });
    expect(manifest.stages.never.status).toBe('pending');
    expect(existsSync(join(project, 'never.txt'))).toBe(false);
    expect(result.stdout).toContain('service `web` exited with code 3');
  });

  it('a service that is never ready times out and is stopped; one that exits first fails with its exit code', () => {
    const project = makeProject({
      'slow.yaml': pipelineYaml('slow', `  web:\n    service: true\n    run: echo starting; exec sleep 60\n    ready: { tcp: 1, timeout: 600ms, interval: 100ms }\n`),
      'dead.yaml': pipelineYaml('dead', `  web:\n    service: true\n    run: echo boom >&2; exit 7\n    ready: { http: "http://127.0.0.1:1/" }\n`),
    });
    expect(runCli(project, ['run', 'slow.yaml']).code).toBe(1);
    const slowDir = onlyRunDir(project, 'slow') as string;
    expect(readRunManifest(slowDir).stages.web).toMatchObject({
      status: 'timed_out',
      reason: expect.stringMatching(/^service not ready after 600ms \(waiting for tcp 127\.0\.0\.1:1: /),
    });
    expect(groupsOf(readEvents(slowDir), 'web').every((g) => !groupAlive(g))).toBe(true);
    expect(runCli(project, ['run', 'dead.yaml']).code).toBe(1);
    expect(readRunManifest(onlyRunDir(project, 'dead') as string).stages.web).toMatchObject({
      status: 'failed',
      exit_code: 7,
      reason: 'service exited with code 7 before it was ready',
    });
  });

  const WAITING = pipelineYaml(
    'svc',
    `  web:\n    service: true\n    run: [node, ${SERVER}, "0", web.pid]\n    ready: { log: listening }\n  wait:\n    run: if [ ! -f go ]; then touch waiting; sleep 30; fi\n  test:\n    run: ${FETCH('http://127.0.0.1:${{ stages.web.outputs.port }}/')}\n`,
  );

  /** Starts the run and waits until `wait` is sleeping with the service up; returns the runner and the service's pid. */
  async function startWaiting(project: string): Promise<{ runner: ReturnType<typeof startCli>; servicePid: number }> {
    const runner = startCli(project, ['run', 'svc.yaml']);
    for (let i = 0; i < 800 && !existsSync(join(project, 'waiting')); i++) await delay(25);
    return { runner, servicePid: Number(readFileSync(join(project, 'web.pid'), 'utf8')) };
  }

  it('Ctrl-C while a service is up stops it: exit 130 and no process left', async () => {
    const project = makeProject({ 'svc.yaml': WAITING });
    const { runner, servicePid } = await startWaiting(project);
    expect(pidAlive(servicePid)).toBe(true);
    runner.child.kill('SIGINT');
    expect(await runner.exited).toBe(130);
    expect(pidAlive(servicePid)).toBe(false);
    expect(await noSurvivors(onlyRunDir(project, 'svc') as string)).toBe(true);
  });

  it('resume after a kill -9 kills the leftover service, restarts it, then re-enters the stage it was in', async () => {
    const project = makeProject({ 'svc.yaml': WAITING });
    const { runner, servicePid } = await startWaiting(project);
    runner.child.kill('SIGKILL'); // the runner dies: its service is left behind
    await runner.exited;
    expect(pidAlive(servicePid)).toBe(true);
    writeFileSync(join(project, 'go'), '');
    const resumed = runCli(project, ['resume', '--last']);
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    expect(pidAlive(servicePid)).toBe(false);
    const runDir = onlyRunDir(project, 'svc') as string;
    const events = readEvents(runDir);
    expect(events.find((e) => e.type === 'stage.started' && e.stage === 'web' && e.attempt === 2)).toMatchObject({ run_reason: expect.stringContaining('restarted on resume') });
    const restartedPid = Number(readFileSync(join(project, 'web.pid'), 'utf8'));
    expect(restartedPid).not.toBe(servicePid);
    expect(readFileSync(join(runDir, 'logs/test.1.log'), 'utf8')).toContain(`got: hello from ${restartedPid}`);
    expect(readRunManifest(runDir).stages.web).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(pidAlive(restartedPid)).toBe(false);
    expect(await noSurvivors(runDir)).toBe(true);
  });
});

describe('services and stage selection', () => {
  it('--from and --target always start the services: the selected stages need them', () => {
    const project = makeProject({
      'svc.yaml': pipelineYaml(
        'svc',
        `  web:\n    service: true\n    run: [node, ${SERVER}, "0"]\n    ready: { log: listening }\n  first:\n    run: echo first >> ledger\n  test:\n    run: ${FETCH('http://127.0.0.1:${{ stages.web.outputs.port }}/')}\n  last:\n    run: "true"\n`,
      ),
    });
    for (const args of [
      ['--from', 'test'],
      ['--target', 'last'],
    ]) {
      const result = runCli(project, ['run', 'svc.yaml', ...args, '--json']);
      expect(result.code, result.stderr + result.stdout).toBe(0);
      const manifest = readRunManifest((JSON.parse(result.stdout) as { run_dir: string }).run_dir);
      expect(manifest.stages.web).toMatchObject({ status: 'succeeded', attempts: 1 });
    }
    expect(existsSync(join(project, 'ledger'))).toBe(false);
  });
});
