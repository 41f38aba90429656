// Values you can trust (issue 10): a missing output is an error (or an explicit `??` default),
// never "", a malformed $FLOWSTATE_OUTPUT fails its stage, and pipeline env reads the same in
// expressions as in the process. Real CLI, real processes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readRunManifest, runCli, runJson } from './helpers.js';

const WRITER = '  a:\n    run: printf "y=1\\nz=2\\n" >> "$FLOWSTATE_OUTPUT"\n';

describe('a reference to an output that does not exist', () => {
  it('fails the consuming stage before it spawns, naming what the stage wrote', () => {
    const stages = `${WRITER}  b:\n    run: touch b-ran; echo "x is \${{ stages.a.outputs.x }}"\n`;
    const project = makeProject({ 'p.yaml': pipelineYaml('p', stages) });
    const run = runCli(project, ['run', 'p.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ b  failed (stages.a.outputs.x is not set (a wrote: y, z)');
    expect(existsSync(join(project, 'b-ran'))).toBe(false);
    const dir = JSON.parse(runCli(project, ['status', '--json']).stdout).run_id as string;
    const b = readRunManifest(join(project, '.runs/p', dir)).stages.b;
    expect(b).toMatchObject({ status: 'failed', exit_code: null });
    expect(b.reason).toMatch(/^stages\.a\.outputs\.x is not set \(a wrote: y, z\)/);
  });

  it('renders the `??` default instead, in shell, argv and env alike', () => {
    const stages =
      `${WRITER}  b:\n    env: { X: "\${{ stages.a.outputs.x ?? 'none' }}" }\n` +
      `    run: echo "\${{ stages.a.outputs.x ?? 'dflt' }} $X \${{ stages.a.outputs.y ?? 'no' }}" > b.txt\n` +
      `  c:\n    run: [sh, -c, 'echo "$0" > c.txt', "\${{ stages.a.outputs.x ?? stages.a.outputs.z }}"]\n`;
    const project = makeProject({ 'p.yaml': pipelineYaml('p', stages) });
    expect(runCli(project, ['run', 'p.yaml']).code).toBe(0);
    expect(readFileSync(join(project, 'b.txt'), 'utf8')).toBe('dflt none 1\n');
    expect(readFileSync(join(project, 'c.txt'), 'utf8')).toBe('2\n');
  });

  it('validate warns (exit 0) where a stage reads an output no `run` is seen writing', () => {
    const stages = `${WRITER}  b:\n    run: echo "\${{ stages.a.outputs.x }} \${{ stages.a.outputs.y }} \${{ stages.a.outputs.w ?? 0 }}"\n`;
    const project = makeProject({ 'p.yaml': pipelineYaml('p', stages) });
    const validated = runCli(project, ['validate', 'p.yaml']);
    expect(validated.code).toBe(0);
    const warnings = validated.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^p\.yaml:7:\d+: warning: stage `a` is not seen writing `x` to \$FLOWSTATE_OUTPUT/);
  });
});

describe('a malformed $FLOWSTATE_OUTPUT', () => {
  it('fails the stage that wrote it, with the line, even though it exited 0', () => {
    const stages = '  a:\n    run: printf "ok=1\\nversion 2\\n" >> "$FLOWSTATE_OUTPUT"\n  b:\n    run: touch b-ran\n';
    const project = makeProject({ 'p.yaml': pipelineYaml('p', stages) });
    const result = runJson(project, ['p.yaml']);
    expect(result.status).toBe('failed');
    const a = readRunManifest(result.run_dir).stages.a;
    expect(a).toMatchObject({ status: 'failed', exit_code: 0 });
    expect(a.reason).toMatch(/^\$FLOWSTATE_OUTPUT line 2: `version 2` is not `key=value`/);
    expect(existsSync(join(project, 'b-ran'))).toBe(false);
  });
});

describe('templated pipeline env', () => {
  it('reads the same in expressions as in the stage process', () => {
    const extra = 'inputs:\n  v: { type: string, default: x }\nenv:\n  GREETING: "hi ${{ inputs.v }}"\n';
    const stages = '  a:\n    run: echo "${{ env.GREETING }}|$GREETING" > a.txt\n  b:\n    if: "env.GREETING == \'hi x\'"\n    run: touch b-ran\n';
    const project = makeProject({ 'p.yaml': pipelineYaml('p', stages, extra) });
    expect(runCli(project, ['run', 'p.yaml']).code).toBe(0);
    expect(readFileSync(join(project, 'a.txt'), 'utf8')).toBe('hi x|hi x\n');
    expect(existsSync(join(project, 'b-ran'))).toBe(true);
  });

  it('refuses (exit 2, file:line:col) a pipeline env that reads stages: it is rendered once, at the start', () => {
    const project = makeProject({ 'p.yaml': pipelineYaml('p', WRITER, 'env:\n  V: "${{ stages.a.outputs.y }}"\n') });
    const validated = runCli(project, ['validate', 'p.yaml']);
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(/^p\.yaml:4:11: the pipeline's `env` is rendered once when the run starts, so it cannot read `stages`/m);
  });
});
