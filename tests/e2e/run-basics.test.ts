// End-to-end runs through the library API with real processes and files: success, failure,
// on_failure, retries, if-skips, outputs in both formats, loops ended by max_visits.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/index.js';
import { makeProject, pipelineYaml, readEvents, readRunManifest } from './helpers.js';

/** Runs a one-file project and returns the result with its validated journal and manifest. */
async function runProject(stages: string, extra = '', inputs: Record<string, string> = {}) {
  const dir = makeProject({ 'p.yaml': pipelineYaml('p', stages, extra) });
  const result = await runPipeline({ cwd: dir, pipeline: 'p.yaml', inputs });
  return { dir, result, events: readEvents(result.run_dir), manifest: readRunManifest(result.run_dir) };
}

describe('runPipeline', () => {
  it('runs stages in order, records each and succeeds', async () => {
    const { result, events, manifest } = await runProject('  a:\n    run: echo one\n  b:\n    run: [echo, two]\n');
    expect(result.status).toBe('succeeded');
    expect(events.map((e) => e.type)).toEqual([
      'run.started',
      'stage.started',
      'stage.finished',
      'route.decided',
      'stage.started',
      'stage.finished',
      'route.decided',
      'run.finished',
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(manifest.status).toBe('succeeded');
    expect(manifest.stages.a).toMatchObject({ status: 'succeeded', attempts: 1, visits: 1, exit_code: 0, log: 'logs/a.1.log' });
    expect(readFileSync(join(result.run_dir, 'logs/b.1.log'), 'utf8')).toBe('two\n');
    expect(existsSync(join(result.run_dir, 'lock'))).toBe(false);
  });

  it('fails the run at a failing stage and does not run the next one', async () => {
    const { result, manifest } = await runProject('  a:\n    run: exit 3\n  b:\n    run: echo never\n');
    expect(result.status).toBe('failed');
    expect(result.reason).toContain('`a` failed');
    expect(result.reason).toContain('exit 3');
    expect(manifest.stages.a).toMatchObject({ status: 'failed', exit_code: 3 });
    expect(manifest.stages.b.status).toBe('pending');
  });

  it('routes a failure to on_failure, and `continue` carries on', async () => {
    const routed = await runProject(
      '  a:\n    run: exit 1\n    on_failure: report\n  b:\n    run: echo skipped-by-route\n    next: end\n  report:\n    run: echo reporting\n    next: fail\n',
    );
    expect(routed.result.status).toBe('failed');
    expect(routed.manifest.stages.report.status).toBe('succeeded');
    expect(routed.manifest.stages.b.status).toBe('pending');
    const cont = await runProject('  a:\n    run: exit 1\n    on_failure: continue\n  b:\n    run: echo after\n');
    expect(cont.result.status).toBe('succeeded');
    expect(cont.manifest.stages.a.status).toBe('failed');
    expect(cont.manifest.stages.b.status).toBe('succeeded');
  });

  it('retries a failing stage and records every attempt', async () => {
    const script = 'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; [ $n -ge 3 ]';
    const { result, events, manifest } = await runProject(`  flaky:\n    run: '${script}'\n    retry: { max: 3, delay: 10ms, backoff: 2 }\n`);
    expect(result.status).toBe('succeeded');
    expect(manifest.stages.flaky).toMatchObject({ status: 'succeeded', attempts: 3, visits: 1 });
    const retrying = events.filter((e) => e.type === 'stage.retrying');
    expect(retrying.map((e) => (e.type === 'stage.retrying' ? e.delay_ms : 0))).toEqual([10, 20]);
    expect(existsSync(join(result.run_dir, 'logs/flaky.3.log'))).toBe(true);
  });

  it('skips a stage whose `if` is false and says why', async () => {
    const { result, events, manifest } = await runProject(
      "  a:\n    if: inputs.env == 'prod'\n    run: echo deploy\n  b:\n    run: echo after\n",
      'inputs:\n  env: { type: string, default: dev }\n',
    );
    expect(result.status).toBe('succeeded');
    expect(manifest.stages.a.status).toBe('skipped');
    expect(events.find((e) => e.type === 'stage.skipped')).toMatchObject({ stage: 'a', reason: 'if_false' });
    expect(manifest.stages.b.status).toBe('succeeded');
  });

  it('reads outputs as key=value lines and as one JSON object', async () => {
    const { dir, result, manifest } = await runProject(
      '  kv:\n    run: printf \'a=1\\nb=two words\\n\' >> "$FLOWSTATE_OUTPUT"\n' +
        '  js:\n    run: |\n      echo \'{"n": 2, "ok": true}\' > "$FLOWSTATE_OUTPUT"\n' +
        '  use:\n    run: echo "${{ stages.kv.outputs.b }}/${{ stages.js.outputs.n }}" > used.txt\n',
    );
    expect(result.status).toBe('succeeded');
    expect(manifest.stages.kv.outputs).toEqual({ a: '1', b: 'two words' });
    expect(manifest.stages.js.outputs).toEqual({ n: 2, ok: true });
    expect(readFileSync(join(dir, 'used.txt'), 'utf8')).toBe('two words/2\n');
  });

  it('routes on outputs and ends a loop that runs out of max_visits as needs_review', async () => {
    const { result, events, manifest } = await runProject(
      '  work:\n    run: echo work\n' +
        '  check:\n    run: echo \'signal=fail\' >> "$FLOWSTATE_OUTPUT"\n    max_visits: 3\n    next:\n      - { when: "outputs.signal == \'fail\'", to: work }\n      - { to: end }\n',
    );
    expect(result.status).toBe('needs_review');
    expect(result.reason).toContain('check');
    expect(manifest.stages.check.visits).toBe(3);
    expect(manifest.stages.check.attempts).toBe(3);
    expect(manifest.stages.work.attempts).toBe(4);
    const routes = events.filter((e) => e.type === 'route.decided' && e.from === 'check');
    expect(routes.map((e) => (e.type === 'route.decided' ? e.to : ''))).toEqual(['work', 'work', 'work', 'needs_review']);
  });

  it('exits the loop when the signal passes', async () => {
    const script = 'n=$(cat n 2>/dev/null || echo 0); n=$((n+1)); echo $n > n; if [ $n -ge 2 ]; then echo signal=pass; else echo signal=fail; fi >> "$FLOWSTATE_OUTPUT"';
    const { result, manifest } = await runProject(
      `  work:\n    run: '${script}'\n    max_visits: 5\n    next:\n      - { when: "outputs.signal == 'fail'", to: work }\n      - { to: done }\n  done:\n    run: echo done\n`,
    );
    expect(result.status).toBe('succeeded');
    expect(manifest.stages.work).toMatchObject({ visits: 2, attempts: 2, outputs: { signal: 'pass' } });
  });
});
