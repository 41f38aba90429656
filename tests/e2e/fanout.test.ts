// Fan-out (matrix / for_each) and concurrency limits through the real CLI: cells, their logs,
// outputs and ids; max_parallel held (checked with times the cells record themselves).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readEvents, readRunManifest, runCli } from './helpers.js';
import { maxOverlap, timedCell, timeRecords } from './fanout-helpers.js';

const MATRIX = pipelineYaml(
  'm',
  [
    '  test:',
    '    matrix: { suite: [parse, bool, num], node: ["18", "20"] }',
    '    include: [{ suite: e2e, node: "20" }]',
    '    exclude: [{ suite: num, node: "18" }]',
    '    max_parallel: 2',
    `    run: ${JSON.stringify(`${timedCell('$SUITE-$NODE')}; echo "res=$SUITE-$NODE" >> "$FLOWSTATE_OUTPUT"`)}`,
    '    env: { SUITE: "${{ matrix.suite }}", NODE: "${{ matrix.node }}" }',
    '  after:',
    '    run: echo "${{ stages.test.outputs.succeeded }} of ${{ stages.test.outputs.total }}" > summary',
    '',
  ].join('\n'),
);

describe('matrix stages', () => {
  it('runs one cell per combination (include/exclude), at most max_parallel at once, each with its log and outputs', () => {
    const project = makeProject({ 'm.yaml': MATRIX });
    // The run-wide limit is lifted so that only the stage's max_parallel can hold the cells back.
    const result = runCli(project, ['run', 'm.yaml', '--json', '--max-parallel', '8']);
    expect(result.code, result.stderr).toBe(0);
    const { run_dir: runDir } = JSON.parse(result.stdout) as { run_dir: string };
    const cells = ['parse,node=18', 'parse,node=20', 'bool,node=18', 'bool,node=20', 'num,node=20', 'e2e,node=20'].map((c) => `test[suite=${c}]`);
    expect(
      readdirSync(join(runDir, 'logs'))
        .filter((f) => f.startsWith('test['))
        .sort(),
    ).toEqual(cells.map((c) => `${c}.1.log`).sort());
    const records = timeRecords(project);
    expect(
      records
        .filter((r) => r.kind === 'start')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['bool-18', 'bool-20', 'e2e-20', 'num-20', 'parse-18', 'parse-20']);
    expect(maxOverlap(project)).toBe(2);
    const manifest = readRunManifest(runDir);
    expect(manifest.stages.test.status).toBe('succeeded');
    const outputs = manifest.stages.test.outputs as { total: number; cells: Record<string, { status: string; outputs: { res: string }; matrix: unknown }> };
    expect(outputs.total).toBe(6);
    expect(outputs.cells['test[suite=e2e,node=20]']).toEqual({ status: 'succeeded', outputs: { res: 'e2e-20' }, matrix: { suite: 'e2e', node: '20' } });
    expect(manifest.stages['test[suite=bool,node=18]'].outputs).toEqual({ res: 'bool-18' });
    expect(readFileSync(join(project, 'summary'), 'utf8')).toBe('6 of 6\n');
    const started = readEvents(runDir)
      .filter((e) => e.type === 'stage.started')
      .map((e) => ('stage' in e ? e.stage : ''));
    expect(started).toEqual(['test', ...cells, 'after']);
    // `status` lists each cell under its stage (not after the stages that followed) and ends its table with a newline.
    const status = runCli(project, ['status', '--last']);
    expect(status.code, status.stderr).toBe(0);
    const tableIds = status.stdout
      .split('\n')
      .filter((line) => /^ {2}\S/.test(line))
      .map((line) => line.trim().split(/\s+/)[0]);
    expect(tableIds).toEqual(['stage', 'test', ...cells, 'after']);
    expect(status.stdout.endsWith('\n')).toBe(true);
  });

  it('a failing cell fails the stage after the others ran; each cell retries on its own; `retry` re-runs only the failed cell', () => {
    const stages = [
      '  t:',
      '    matrix: { n: [a, b, c] }',
      '    retry: { max: 1 }',
      '    run: echo "${{ matrix.n }}" >> ledger; test "${{ matrix.n }}" != b || test -f fixed',
      '',
    ].join('\n');
    const project = makeProject({ 'f.yaml': pipelineYaml('f', stages) });
    const first = runCli(project, ['run', 'f.yaml', '--json']);
    expect(first.code).toBe(1);
    const run = JSON.parse(first.stdout) as { run_id: string; reason: string; manifest: { stages: Record<string, { status: string; attempts: number }> } };
    expect(run.reason).toContain('1 of 3 cells failed: `t[n=b]`');
    expect(run.manifest.stages['t[n=b]']).toMatchObject({ status: 'failed', attempts: 2 });
    expect(run.manifest.stages['t[n=c]']).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(readFileSync(join(project, 'ledger'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'b', 'c']);
    writeFileSync(join(project, 'ledger'), '');
    writeFileSync(join(project, 'fixed'), '');
    const retried = runCli(project, ['retry', run.run_id, '--json']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(readFileSync(join(project, 'ledger'), 'utf8')).toBe('b\n');
    const manifest = (JSON.parse(retried.stdout) as { run: { manifest: { stages: Record<string, { status: string; reused_from?: string }> } } }).run.manifest;
    expect(manifest.stages['t[n=a]']).toMatchObject({ status: 'succeeded', reused_from: run.run_id });
    expect(manifest.stages.t.status).toBe('succeeded');
  });

  it('fail_fast: no cell starts after one failed', () => {
    const stages = [
      '  t:',
      '    matrix: { n: [1, 2, 3, 4] }',
      '    max_parallel: 1',
      '    fail_fast: true',
      '    run: echo "${{ matrix.n }}" >> ledger; test "${{ matrix.n }}" != 2',
      '',
    ].join('\n');
    const project = makeProject({ 'ff.yaml': pipelineYaml('ff', stages) });
    const result = runCli(project, ['run', 'ff.yaml', '--json']);
    expect(result.code).toBe(1);
    expect(readFileSync(join(project, 'ledger'), 'utf8')).toBe('1\n2\n');
    const outputs = (JSON.parse(result.stdout) as { manifest: { stages: { t: { outputs: { not_started: number } } } } }).manifest.stages.t.outputs;
    expect(outputs.not_started).toBe(2);
  });
});

describe('for_each stages', () => {
  it('fans out over a JSON list output; items are data, never shell syntax', () => {
    const items = ['a.ts', 'b c.ts', '$(touch pwned)', "'; touch pwned2; '"];
    const stages = [
      '  plan:',
      '    run: cp plan.json "$FLOWSTATE_OUTPUT"',
      '  lint:',
      '    for_each: ${{ stages.plan.outputs.files }}',
      '    as: file',
      '    run: echo "lint ${{ file }}" >> ledger',
      '',
    ].join('\n');
    const project = makeProject({ 'fe.yaml': pipelineYaml('fe', stages), 'plan.json': JSON.stringify({ files: items }) });
    const result = runCli(project, ['run', 'fe.yaml', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const lines = readFileSync(join(project, 'ledger'), 'utf8').split('\n').filter(Boolean).sort();
    expect(lines).toEqual(items.map((item) => `lint ${item}`).sort());
    expect(existsSync(join(project, 'pwned'))).toBe(false);
    expect(existsSync(join(project, 'pwned2'))).toBe(false);
    const { manifest } = JSON.parse(result.stdout) as { manifest: { stages: Record<string, { status: string }> } };
    expect(Object.keys(manifest.stages).filter((id) => id.startsWith('lint['))).toEqual(['lint[0]', 'lint[1]', 'lint[2]', 'lint[3]']);
  });

  it('a value that is not a list fails the stage, naming the stage and the type', () => {
    const stages = [
      '  plan:',
      `    run: ${JSON.stringify('echo \'files={"a": 1}\' >> "$FLOWSTATE_OUTPUT"')}`,
      '  lint:',
      '    for_each: ${{ stages.plan.outputs.files }}',
      '    run: echo "${{ item }}"',
      '',
    ].join('\n');
    const project = makeProject({ 'bad.yaml': pipelineYaml('bad', stages) });
    const result = runCli(project, ['run', 'bad.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('for_each of stage `lint`: `stages.plan.outputs.files` is a string ("{\\"a\\": 1}"), not a list');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('concurrency limits', () => {
  const group = (extra: string): string =>
    pipelineYaml(
      'g',
      ['  g:', extra, '    parallel:', ...['a', 'b', 'c', 'd', 'e'].map((b) => `      ${b}: { run: ${JSON.stringify(timedCell(b, '0.2'))} }`), ''].filter(Boolean).join('\n'),
    );

  it('max_parallel on a parallel group queues its branches', () => {
    const project = makeProject({ 'g.yaml': group('    max_parallel: 2') });
    const result = runCli(project, ['run', 'g.yaml', '--max-parallel', '8']);
    expect(result.code, result.stderr).toBe(0);
    expect(timeRecords(project).filter((r) => r.kind === 'end')).toHaveLength(5);
    expect(maxOverlap(project)).toBe(2);
  });

  it('--max-parallel and orchestrator.yaml max_parallel limit every command stage of the run', () => {
    const flag = makeProject({ 'g.yaml': group('') });
    expect(runCli(flag, ['run', 'g.yaml', '--max-parallel', '1']).code).toBe(0);
    expect(maxOverlap(flag)).toBe(1);
    const config = makeProject({ 'g.yaml': group('') }, 'version: 1\nmax_parallel: 1\n');
    expect(runCli(config, ['run', 'g.yaml']).code).toBe(0);
    expect(maxOverlap(config)).toBe(1);
    const lifted = makeProject({ 'g.yaml': group('') }, 'version: 1\nmax_parallel: 1\n');
    expect(runCli(lifted, ['run', 'g.yaml', '--max-parallel', '5']).code).toBe(0);
    expect(maxOverlap(lifted)).toBeGreaterThan(1);
  });

  it('a bad --max-parallel is a usage error', () => {
    const project = makeProject({ 'g.yaml': group('') });
    const result = runCli(project, ['run', 'g.yaml', '--max-parallel', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-parallel expects a whole number >= 1, got `0`');
  });

  it('a group of more than 200 branches is accepted with max_parallel', () => {
    const branches = Array.from({ length: 201 }, (_, i) => `      b${i}: { run: "true" }`);
    const project = makeProject({ 'big.yaml': pipelineYaml('big', ['  g:', '    max_parallel: 8', '    parallel:', ...branches, ''].join('\n')) });
    const result = runCli(project, ['validate', 'big.yaml']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('a large group without max_parallel runs as one queued state: every branch once, the group joined, drawn with its count', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `b${i}`);
    const branches = ids.map((id) => `      ${id}: { run: "echo ${id} >> ledger" }`);
    const project = makeProject({ 'big.yaml': pipelineYaml('big', ['  g:', '    parallel:', ...branches, '  after:', '    run: echo after >> ledger', ''].join('\n')) });
    const result = runCli(project, ['run', 'big.yaml', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout) as { run_id: string; manifest: { stages: Record<string, { status: string; attempts: number }> } };
    for (const id of ids) expect(run.manifest.stages[id]).toMatchObject({ status: 'succeeded', attempts: 1 });
    const ledger = readFileSync(join(project, 'ledger'), 'utf8').trim().split('\n');
    expect([...ledger].sort()).toEqual([...ids, 'after'].sort());
    expect(ledger.at(-1)).toBe('after');
    const events = readEvents(join(project, '.runs', 'big', run.run_id));
    expect(events.filter((e) => e.type === 'stage.finished' && e.stage === 'g')).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    const json = runCli(project, ['viz', 'big.yaml', '--format', 'json']);
    const nodes = (JSON.parse(json.stdout) as { nodes: { id: string; parent: string | null; label?: string }[] }).nodes;
    expect(nodes.filter((n) => n.parent === 'g')).toEqual([expect.objectContaining({ id: 'g.cells', label: '40 branches' })]);
  });
});

describe('viz of fanned-out stages', () => {
  it('draws a matrix stage as one compound state with its cell count (json, mermaid, dot)', () => {
    const project = makeProject({ 'm.yaml': MATRIX });
    const json = runCli(project, ['viz', 'm.yaml', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const nodes = (JSON.parse(json.stdout) as { nodes: { id: string; type: string; parent: string | null; kind?: string; label?: string }[] }).nodes;
    expect(nodes.find((n) => n.id === 'test')).toMatchObject({ type: 'compound', kind: 'command' });
    expect(nodes.filter((n) => n.parent === 'test')).toEqual([expect.objectContaining({ id: 'test.cells', kind: 'cells', label: '6 cells, at most 2 at once' })]);
    const mermaid = runCli(project, ['viz', 'm.yaml', '--format', 'mermaid']).stdout;
    expect(mermaid).toMatch(
      /state "test \[matrix#58; [^\n]*\]" as test \{\n {4}\[\*\] --> test_cells\n {4}state "cells" as test_cells\n {4}test_cells : 6 cells, at most 2 at once\n {2}\}/,
    );
    const dot = runCli(project, ['viz', 'm.yaml', '--format', 'dot']).stdout;
    expect(dot).toContain('subgraph "cluster_test"');
    expect(dot).toContain('"test.cells" [label="cells\\n6 cells, at most 2 at once"]');
  });
  it('the run overlay of a chart tallies the cells of a fanned-out stage', () => {
    const stages = ['  t:', '    matrix: { n: [a, b, c] }', '    run: test "${{ matrix.n }}" != b', ''].join('\n');
    const project = makeProject({ 'f.yaml': pipelineYaml('f', stages) });
    expect(runCli(project, ['run', 'f.yaml', '--no-ui']).code).toBe(1);
    const svg = runCli(project, ['viz', 'f.yaml', '--format', 'svg', '--last']);
    expect(svg.code, svg.stderr).toBe(0);
    expect(svg.stdout).toContain('failed · 2/3 cells ok, 1 failed');
  });
});

describe('fan-out of agent and pipeline stages', () => {
  it('each cell is an agent run with its own prompt, or a child run with its own inputs', () => {
    const orchestrator = 'version: 1\nruntimes:\n  local: { adapter: command, command: [node, agent.cjs] }\nruntime_profile: { default: local }\n';
    const agent =
      "process.stdin.resume(); let p = ''; process.stdin.on('data', (d) => (p += d)).on('end', () => { require('fs').appendFileSync('prompts', p.trim() + '\\n'); console.log(JSON.stringify({ seen: p.trim() })); });";
    const child = pipelineYaml('child', '  hello:\n    run: echo "${{ inputs.region }}" >> regions\n', 'inputs:\n  region: { type: string }\n');
    const stages = [
      '  review:',
      '    matrix: { area: [api, ui] }',
      '    agent: { role: evaluate, prompt: "Review the ${{ matrix.area }} code" }',
      '  deploy:',
      '    for_each: [eu, us]',
      '    as: region',
      '    pipeline: child.yaml',
      '    with: { region: "${{ region }}" }',
      '',
    ].join('\n');
    const project = makeProject({ 'a.yaml': pipelineYaml('a', stages), 'child.yaml': child, 'agent.cjs': agent }, orchestrator);
    const result = runCli(project, ['run', 'a.yaml', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(project, 'prompts'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['Review the api code', 'Review the ui code']);
    expect(readFileSync(join(project, 'regions'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['eu', 'us']);
    const { manifest } = JSON.parse(result.stdout) as { manifest: { stages: Record<string, { outputs: Record<string, unknown>; child_run?: string }> } };
    expect(manifest.stages['review[area=ui]'].outputs.seen).toBe('Review the ui code');
    const children = readdirSync(join(project, '.runs/child')).map((id) => readRunManifest(join(project, '.runs/child', id)));
    expect(children.map((m) => m.parent_stage).sort()).toEqual(['deploy[0]', 'deploy[1]']);
  });
});
