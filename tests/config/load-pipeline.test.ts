import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPipelineFile, loadPipelineText, type LoadPipelineOptions } from '../../src/config/index.js';
import { formatDiagnostic, NotFoundError, ValidationError } from '../../src/errors/index.js';
import type { AgentStage, CommandStage, NestedPipelineStage, Orchestrator, ParallelStage } from '../../src/model/index.js';

let root: string;
let options: LoadPipelineOptions;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'flowstate-load-'));
  options = { root, displayPath: (abs) => path.relative(root, abs) };
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function errorsOf(text: string, opts: LoadPipelineOptions = options): string[] {
  try {
    loadPipelineText(text, path.join(root, 'p.yaml'), opts);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).diagnostics.map(formatDiagnostic);
  }
  throw new Error('expected a ValidationError');
}

const BUILD_TEST = `# yaml-language-server: $schema=../schemas/pipeline.schema.json
version: 1
name: build-test
description: Lint, test and build
inputs:
  env: { type: string, enum: [dev, prod], default: dev }
  shards: { type: integer }
env: { NODE_ENV: test, PORT: 3000 }
defaults: { timeout: 10m, retry: { max: 0, delay: 3s } }
watch: [src/**/*.ts]
secrets: [NPM_TOKEN]
stages:
  install:
    run: npm ci
    sources: [package.json, package-lock.json]
    generates: [node_modules/.package-lock.json]
  checks:
    parallel:
      lint:  { run: [npx, eslint, src] }
      types: { run: [npx, tsc, --noEmit], timeout: 90 }
    fail_fast: true
  test:
    run: npm test
    retry: { max: 2, backoff: 2, max_delay: 30s }
    timeout: 5m
    on_failure: report
  build:
    if: "\${{ inputs.env == 'prod' }}"
    run: [npm, run, build, --, "--mode=\${{ inputs.env }}", 8]
    next: end
    approval: { timeout: 1h30m }
  report:
    run: echo "tests failed" >&2
    next: fail
`;

describe('loadPipelineText', () => {
  it('normalises the DESIGN example', () => {
    const { pipeline, warnings, children } = loadPipelineText(BUILD_TEST, path.join(root, 'pipelines/build-test.yaml'), options);
    expect(warnings).toEqual([]);
    expect(children.size).toBe(0);
    expect(pipeline.file).toBe(path.join(root, 'pipelines/build-test.yaml'));
    expect(pipeline.inputs).toEqual({
      env: { type: 'string', enum: ['dev', 'prod'], default: 'dev', required: false },
      shards: { type: 'integer', required: true },
    });
    expect(pipeline.env).toEqual({ NODE_ENV: 'test', PORT: '3000' });
    expect(pipeline.defaults).toEqual({ timeoutMs: 600_000, retry: { max: 0, delayMs: 3000, backoff: 1, maxDelayMs: 300_000 } });
    expect(pipeline.watch).toEqual(['src/**/*.ts']);
    expect(pipeline.secrets).toEqual(['NPM_TOKEN']);
    expect(pipeline.stages.map((s) => [s.id, s.kind, s.next])).toEqual([
      ['install', 'command', [{ to: 'checks' }]],
      ['checks', 'parallel', [{ to: 'test' }]],
      ['test', 'command', [{ to: 'build' }]],
      ['build', 'command', [{ to: 'end' }]],
      ['report', 'command', [{ to: 'fail' }]],
    ]);
    const [install, checks, test, build] = pipeline.stages as [CommandStage, ParallelStage, CommandStage, CommandStage];
    expect(install).toMatchObject({ run: { kind: 'shell', script: 'npm ci' }, sources: ['package.json', 'package-lock.json'], idempotent: true, onFailure: 'fail' });
    expect(install.loc).toEqual({ file: 'pipelines/build-test.yaml', line: 13, col: 3 });
    expect(checks.failFast).toBe(true);
    expect(checks.branches.map((b) => [b.id, b.next, b.timeoutMs])).toEqual([
      ['lint', [], undefined],
      ['types', [], 90_000],
    ]);
    expect(test.retry).toEqual({ max: 2, delayMs: 3000, backoff: 2, maxDelayMs: 30_000 });
    expect(test.timeoutMs).toBe(300_000);
    expect(test.onFailure).toBe('report');
    expect(build.if).toBe("inputs.env == 'prod'");
    expect(build.run).toEqual({ kind: 'argv', argv: ['npm', 'run', 'build', '--', '--mode=${{ inputs.env }}', '8'] });
    expect(build.approval).toEqual({ message: 'Approve stage `build`?', timeoutMs: 5_400_000, onTimeout: 'reject' });
    expect('timeoutMs' in install).toBe(false);
  });

  it('normalises agent stages and routes whose last has no `when`', () => {
    write('prompts/execute.md', 'Do it.\n');
    const text = `version: 1
name: agents
inputs: { task: { type: string, default: x } }
stages:
  interview:
    agent: { role: interview, prompt: "Clarify: \${{ inputs.task }}", model: gpt }
  execute:
    agent: { role: execute, prompt_file: prompts/execute.md, runtime: local }
  evaluate:
    agent: { role: evaluate, prompt: "Reply" }
    max_visits: 3
    next:
      - { when: outputs.signal == 'fail', to: execute }
      - { to: reflect }
  reflect:
    agent: { role: reflect, prompt: "What did we learn?" }
`;
    const { pipeline } = loadPipelineText(text, path.join(root, 'a.yaml'), options);
    const [interview, execute, evaluate] = pipeline.stages as AgentStage[];
    expect(interview.agent).toEqual({ role: 'interview', prompt: 'Clarify: ${{ inputs.task }}', model: 'gpt' });
    expect(execute.agent).toEqual({ role: 'execute', promptFile: 'prompts/execute.md', runtime: 'local' });
    expect(evaluate.maxVisits).toBe(3);
    expect(evaluate.next).toEqual([{ when: "outputs.signal == 'fail'", to: 'execute' }, { to: 'reflect' }]);
  });

  it('returns warnings instead of throwing them', () => {
    const { warnings } = loadPipelineText('version: 1\nname: w\nstages:\n  a: { run: x, next: end }\n  b: { run: y }\n', path.join(root, 'w.yaml'), options);
    expect(warnings.map(formatDiagnostic)).toEqual(['w.yaml:5:3: warning: stage `b` is unreachable: no route leads to it from the first stage']);
  });

  it('checks agent roles against the orchestrator only when one is given', () => {
    const text = 'version: 1\nname: r\nstages:\n  a: { agent: { role: execute, prompt: x } }\n';
    expect(() => loadPipelineText(text, path.join(root, 'r.yaml'), options)).not.toThrow();
    const orchestrator: Orchestrator = { file: null, root, runsDir: root, runtimes: {}, runtimeProfile: { stages: {} }, gatePolicy: [] };
    expect(errorsOf(text, { ...options, orchestrator })).toEqual([
      'p.yaml:4:23: no runtime serves agent role `execute`: set `runtime_profile.stages.execute` or `runtime_profile.default` in orchestrator.yaml, or `agent.runtime` on the stage',
    ]);
  });

  it('points at expression tokens inside single-quoted and folded scalars', () => {
    const text = "version: 1\nname: q\nstages:\n  a:\n    run: 'echo ''x'' ${{ inputs.nope }}'\n  b:\n    run: >\n      echo one\n      ${{ stages.zz.status }}\n";
    expect(errorsOf(text)).toEqual(['p.yaml:5:33: unknown input `nope` (this pipeline declares no inputs)', 'p.yaml:9:18: unknown stage `zz`']);
  });

  it('reports a file over 1 MiB without parsing it', () => {
    const text = `version: 1\nname: big\n# ${'x'.repeat(1024 * 1024)}\nstages: {a: {run: x}}\n`;
    expect(errorsOf(text)).toEqual(['p.yaml:1:1: file is too large (1.0 MiB); the limit is 1 MiB']);
  });

  it('uses paths relative to the current directory by default', () => {
    try {
      loadPipelineText('version: 1\n', path.join(process.cwd(), 'some/dir/p.yaml'), { root });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).diagnostics[0].file).toBe('some/dir/p.yaml');
    }
  });
});

describe('loadPipelineFile', () => {
  it('loads nested pipelines recursively, keyed by absolute path', () => {
    write('pipelines/leaf.yaml', 'version: 1\nname: leaf\ninputs: { v: { type: string } }\nstages:\n  s: { run: "echo ${{ inputs.v }}" }\n');
    write('pipelines/mid.yaml', 'version: 1\nname: mid\nstages:\n  leaf: { pipeline: pipelines/leaf.yaml, with: { v: 1 } }\n');
    const top = write(
      'pipelines/top.yaml',
      'version: 1\nname: top\nstages:\n  mid: { pipeline: pipelines/mid.yaml }\n  again: { pipeline: pipelines/leaf.yaml, with: { v: x } }\n',
    );
    const { pipeline, children } = loadPipelineFile(top, options);
    expect([...children.keys()].sort()).toEqual([path.join(root, 'pipelines/leaf.yaml'), path.join(root, 'pipelines/mid.yaml')]);
    expect((pipeline.stages[0] as NestedPipelineStage).pipeline).toBe('pipelines/mid.yaml');
    expect((pipeline.stages[1] as NestedPipelineStage).with).toEqual({ v: 'x' });
    expect(children.get(path.join(root, 'pipelines/mid.yaml'))?.stages[0]).toMatchObject({ kind: 'pipeline', with: { v: '1' } });
  });

  it('reports problems of the parent and of every child at once', () => {
    write('child.yaml', 'version: 1\nname: child\nstages:\n  s: { run: x, next: nowhere }\n');
    const parent = write('parent.yaml', 'version: 1\nname: parent\nstages:\n  c: { pipeline: child.yaml, next: nope }\n');
    try {
      loadPipelineFile(parent, options);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).diagnostics.map(formatDiagnostic)).toEqual([
        'parent.yaml:4:18: nested pipeline `child.yaml` is invalid (1 error in child.yaml)',
        'parent.yaml:4:36: unknown route target `nope` (targets: a stage id, `end`, `fail`)',
        'child.yaml:4:22: unknown route target `nowhere` (targets: a stage id, `end`, `fail`)',
      ]);
    }
  });

  it('refuses files over 1 MiB before reading them, as the root or as a child', () => {
    const big = write('big.yaml', `version: 1\nname: big\n# ${'x'.repeat(1024 * 1024)}\nstages: {a: {run: x}}\n`);
    expect(() => loadPipelineFile(big, options)).toThrow(/big.yaml:1:1: file is too large \(1.0 MiB\); the limit is 1 MiB/);
    const parent = write('parent.yaml', 'version: 1\nname: parent\nstages:\n  c: { pipeline: big.yaml }\n');
    expect(() => loadPipelineFile(parent, options)).toThrow(/parent.yaml:4:18: nested pipeline file `big.yaml`: file is too large/);
  });

  it('throws NotFoundError for a missing file', () => {
    expect(() => loadPipelineFile(path.join(root, 'missing.yaml'), options)).toThrow(NotFoundError);
  });

  it('handles a pipeline with thousands of stages', () => {
    const stages = Array.from({ length: 3000 }, (_, i) => `  s${i}: { run: "echo ${i}", sources: [src/${i}] }\n`).join('');
    const file = write('big.yaml', `version: 1\nname: big\nstages:\n${stages}`);
    const { pipeline } = loadPipelineFile(file, options);
    expect(pipeline.stages).toHaveLength(3000);
    expect(pipeline.stages[2999].next).toEqual([{ to: 'end' }]);
    expect(pipeline.stages[2999].loc.line).toBe(3003);
  });
});
