// `flowstate retry` (new run from the failed stage, reusing outputs) and orchestrator.yaml
// gate_policy / retry_policy applied to real runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readEvents, readRunManifest, runCli } from './helpers.js';

const FLAKY = pipelineYaml(
  'r',
  '  a:\n    run: echo v=7 >> "$FLOWSTATE_OUTPUT"; echo a >> ledger\n  b:\n    run: test -f fixed\n  c:\n    run: echo "c got ${{ stages.a.outputs.v }}" >> ledger\n',
);

describe('flowstate retry', () => {
  it('previews, then starts a new run at the failed stage reusing earlier outputs', () => {
    const project = makeProject({ 'r.yaml': FLAKY });
    const first = JSON.parse(runCli(project, ['run', 'r.yaml', '--json']).stdout);
    expect(first.status).toBe('failed');
    const preview = runCli(project, ['retry', first.run_id, '--preview']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/would start a new run at `b` .* reusing the outputs of: a/);
    expect(readFileSync(join(project, 'ledger'), 'utf8')).toBe('a\n');
    writeFileSync(join(project, 'fixed'), '');
    const retried = JSON.parse(runCli(project, ['retry', first.run_id, '--json']).stdout);
    expect(retried.run.status).toBe('succeeded');
    expect(retried.run.manifest.parent_run).toBe(first.run_id);
    expect(readFileSync(join(project, 'ledger'), 'utf8')).toBe('a\nc got 7\n');
    const why = runCli(project, ['retry', retried.run.run_id, '--preview']);
    expect(why.code).toBe(2);
    expect(why.stderr).toMatch(/succeeded; there is nothing to retry/);
  });
});

describe('orchestrator.yaml policies', () => {
  const orchestrator = [
    'version: 1',
    'runtimes:',
    '  local: { adapter: command, command: [node, agent.mjs] }',
    'runtime_profile: { default: local }',
    'gate_policy:',
    "  - { match: { role: execute }, when: \"inputs.env == 'prod'\", message: 'Agent edits ${{ inputs.env }}' }",
    'retry_policy: { max: 2, delay: 10ms }',
    '',
  ].join('\n');
  const agent = 'process.stdin.resume(); process.stdin.on(\'end\', () => console.log(\'{"signal": "done"}\'));\n';
  const pipeline = pipelineYaml(
    'pol',
    "  edit:\n    agent: { role: execute, prompt: edit }\n  flaky:\n    run: 'n=$(cat n 2>/dev/null || echo 0); n=$((n+1)); echo $n > n; [ $n -ge 3 ]'\n",
    'inputs:\n  env: { type: string, default: dev }\n',
  );

  it('gates only where the rule matches and its `when` holds; retry_policy is the default', () => {
    const project = makeProject({ 'pol.yaml': pipeline, 'agent.mjs': agent }, orchestrator);
    const dev = JSON.parse(runCli(project, ['run', 'pol.yaml', '--json']).stdout);
    expect(dev.status).toBe('succeeded');
    expect(dev.manifest.stages.flaky.attempts).toBe(3);
    const prod = runCli(project, ['run', 'pol.yaml', '--input', 'env=prod', '--json']);
    expect(prod.code).toBe(4);
    const paused = JSON.parse(prod.stdout);
    const waiting = readEvents(paused.run_dir).find((e) => e.type === 'gate.waiting');
    expect(waiting).toMatchObject({ stage: 'edit', message: 'Agent edits prod', rule: 'gate_policy[0]' });
    expect(readRunManifest(paused.run_dir).status).toBe('awaiting_approval');
  });
});
