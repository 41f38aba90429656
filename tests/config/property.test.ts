// Property test: whatever text the loader is given, it returns a pipeline or throws a
// ValidationError - never a TypeError, never anything else, never a hang (sizes are bounded).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadPipelineText, type LoadPipelineOptions } from '../../src/config/index.js';
import { ValidationError } from '../../src/errors/index.js';
import type { Orchestrator } from '../../src/model/index.js';

const SEED = 20261121;
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'flowstate-prop-'));
  mkdirSync(path.join(root, 'prompts'));
  writeFileSync(path.join(root, 'prompts/p.md'), 'prompt\n');
  writeFileSync(path.join(root, 'child.yaml'), 'version: 1\nname: child\ninputs: { v: { type: string } }\nstages:\n  s: { run: "echo ${{ inputs.v }}" }\n');
  writeFileSync(path.join(root, 'loop.yaml'), 'version: 1\nname: loop\nstages:\n  s: { pipeline: loop.yaml }\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const orchestrator = (): Orchestrator => ({
  file: null,
  root,
  runsDir: path.join(root, '.runs'),
  runtimes: { local: { id: 'local', adapter: 'command', command: ['node'], args: [], env: {} } },
  runtimeProfile: { stages: { execute: 'local', evaluate: 'missing' } },
  gatePolicy: [],
});

/** Loads text; the property fails on any throw that is not a ValidationError. */
function loadsOrRejectsCleanly(text: string, withOrchestrator: boolean): boolean {
  const options: LoadPipelineOptions = { root, ...(withOrchestrator ? { orchestrator: orchestrator() } : {}) };
  try {
    const loaded = loadPipelineText(text, path.join(root, 'p.yaml'), options);
    expect(loaded.pipeline.stages.length).toBeGreaterThan(0);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) {
      expect(error.diagnostics.length).toBeGreaterThan(0);
      for (const d of error.diagnostics) expect(d.line >= 1 && d.col >= 1).toBe(true);
      return true;
    }
    throw error;
  }
}

const ids = fc.constantFrom('build', 'test', 'deploy', 'lint', 'a', 'b', 'end', 'fail', 'continue', 'x.y', '', 'Build', '__proto__', 'constructor');
const exprs = fc.constantFrom(
  "inputs.env == 'prod'",
  'outputs.signal',
  'stages.build.outputs.v',
  'stages.build.status',
  'stages.nope',
  'run.id && !stage.attempt',
  '(',
  "a == 'b",
  '${{ inputs.env }}',
  '${{',
  'inputs.__proto__',
  'env.HOME.x',
  '',
);
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { value: anyValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(ids, fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 3 }),
  ),
}));
const template = fc.oneof(
  fc.string({ maxLength: 12 }),
  exprs.map((e) => `echo \${{ ${e} }}`),
  exprs,
);
/** Mostly `usual`, sometimes one of `others`. */
const mostly = <T, U>(usual: T, others: fc.Arbitrary<U>) => fc.oneof({ weight: 12, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: others });
/** Mostly the given values, sometimes any YAML value at all. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: anyValue });
const duration = maybe(fc.constantFrom('5m', '1h30m', '500ms', '5 minutes', '900h', 10, -1, 1.5));
const route = fc.record({ when: maybe(exprs), to: maybe(ids) }, { requiredKeys: [] });
const common = {
  if: maybe(exprs),
  next: maybe(fc.oneof(ids, fc.array(route, { maxLength: 3 }))),
  on_failure: maybe(ids),
  max_visits: maybe(fc.integer({ min: -1, max: 4 })),
  timeout: duration,
  retry: maybe(fc.record({ max: maybe(fc.integer({ min: -1, max: 3 })), delay: duration, backoff: maybe(fc.double()) }, { requiredKeys: [] })),
  env: maybe(fc.dictionary(mostly('A', fc.constantFrom('B_1', '1X', 'x-y')), template, { maxKeys: 3 })),
  approval: maybe(fc.record({ message: template, timeout: duration, on_timeout: maybe(fc.constantFrom('reject', 'approve', 'x')) }, { requiredKeys: [] })),
  sources: maybe(fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 })),
  fail_fast: maybe(fc.boolean()),
};
const agent = fc.record(
  {
    role: maybe(fc.constantFrom('execute', 'evaluate', 'reflect', 'reviewer')),
    prompt: maybe(template),
    prompt_file: maybe(fc.constantFrom('prompts/p.md', 'nope.md')),
    runtime: maybe(fc.constantFrom('local', 'x')),
  },
  { requiredKeys: [] },
);
const run = maybe(fc.oneof(template, fc.array(fc.oneof(template, fc.integer()), { maxLength: 3 })));
const nested = {
  pipeline: maybe(fc.constantFrom('child.yaml', 'loop.yaml', 'missing.yaml', '.', 'p.yaml')),
  with: maybe(fc.dictionary(fc.constantFrom('v', 'w'), template, { maxKeys: 2 })),
};
const branch = fc.record({ run, agent, ...common }, { requiredKeys: [] });
const parallel = maybe(fc.dictionary(ids, branch, { maxKeys: 3 }));
const optional = { requiredKeys: [] as [] };
/** Mostly stages of one kind; sometimes a mix of every key. */
const stage = fc.oneof(
  { weight: 4, arbitrary: fc.record({ run, ...common }, { requiredKeys: ['run'] }).map(({ fail_fast: _, ...rest }) => rest) },
  { weight: 2, arbitrary: fc.record({ agent, ...common }, { requiredKeys: ['agent'] }) },
  { weight: 1, arbitrary: fc.record({ ...nested, ...common }, { requiredKeys: ['pipeline'] }) },
  { weight: 1, arbitrary: fc.record({ parallel, ...common }, { requiredKeys: ['parallel'] }) },
  { weight: 1, arbitrary: fc.record({ run, agent, ...nested, parallel, ...common }, optional) },
);
const pipelineDoc = fc.record(
  {
    version: mostly(1, fc.constantFrom(2, '1')),
    name: mostly('ok', fc.constantFrom('Bad Name', 'a-b_c')),
    inputs: maybe(
      fc.dictionary(
        mostly('env', fc.constantFrom('n', 'a-b')),
        fc.record(
          { type: maybe(fc.constantFrom('string', 'integer', 'boolean', 'number')), default: scalar, enum: maybe(fc.array(scalar, { maxLength: 3 })) },
          { requiredKeys: [] },
        ),
        { maxKeys: 2 },
      ),
    ),
    env: common.env,
    defaults: maybe(fc.record({ timeout: duration, retry: common.retry }, { requiredKeys: [] })),
    stages: maybe(fc.dictionary(ids, stage, { minKeys: 1, maxKeys: 5 })),
    stage: anyValue,
  },
  { requiredKeys: ['version', 'name', 'stages'] },
);

/** Text-level damage: truncation, random bytes, deleted/duplicated lines, tabs, aliases. */
const mutation = fc.oneof(
  { weight: 6, arbitrary: fc.constant((text: string) => text) },
  fc.nat().map((n) => (text: string) => text.slice(0, n % (text.length + 1))),
  fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 8 })).map(([n, bytes]) => (text: string) => {
    const at = n % (text.length + 1);
    return text.slice(0, at) + Buffer.from(bytes).toString('latin1') + text.slice(at);
  }),
  fc.nat().map((n) => (text: string) => {
    const lines = text.split('\n');
    lines.splice(n % lines.length, 1);
    return lines.join('\n');
  }),
  fc.nat().map((n) => (text: string) => {
    const lines = text.split('\n');
    const i = n % lines.length;
    lines.splice(i, 0, lines[i]);
    return lines.join('\n');
  }),
  fc.nat().map((n) => (text: string) => {
    const lines = text.split('\n');
    const i = n % lines.length;
    lines[i] = lines[i].replace(/^ {2}/, '\t').replace(/[a-z]/, (c) => c.toUpperCase());
    return lines.join('\n');
  }),
  fc.constantFrom('a: &x [1, 2]\nb: *x\n', 'c: *nope\n', '? [a]\n: b\n', 'x: !tag y\n', '---\n').map((extra) => (text: string) => text + extra),
);

/** Pipelines that are valid by construction: every stage has `max_visits`, targets exist. */
const validPipeline = fc.integer({ min: 1, max: 6 }).chain((count) => {
  const stageIds = Array.from({ length: count }, (_, i) => `s${i}`);
  const target = fc.constantFrom(...stageIds, 'end', 'fail');
  const when = fc.constantFrom("outputs.signal == 'fail'", 'inputs.n > 1 && !stages.s0.outputs.ok', "\${{ stages.s0.status == 'succeeded' }}");
  const routes = fc.tuple(fc.array(fc.record({ when, to: target }), { maxLength: 2 }), target).map(([conditional, fallback]) => [...conditional, { to: fallback }]);
  const stageArb = fc.record(
    {
      run: fc.constantFrom('echo "${{ inputs.env }}"', ['node', '-e', '1'], 'make ${{ stages.s0.outputs.target }}'),
      next: fc.oneof(target, routes),
      on_failure: fc.constantFrom(...stageIds, 'continue', 'fail'),
      max_visits: fc.integer({ min: 1, max: 5 }),
      timeout: fc.constantFrom('5m', '1h30m', 10, 0.5),
      retry: fc.record({ max: fc.integer({ min: 0, max: 3 }), delay: fc.constantFrom('1s', 2), backoff: fc.constantFrom(1, 2) }, { requiredKeys: ['max'] }),
      if: fc.constantFrom('inputs.n > 1', "\${{ inputs.env != 'prod' }}", true),
    },
    { requiredKeys: ['run', 'max_visits'] },
  );
  return fc.tuple(...stageIds.map(() => stageArb)).map((stages) => ({
    version: 1,
    name: 'generated',
    inputs: { env: { type: 'string', default: 'dev' }, n: { type: 'integer', default: 1 } },
    stages: Object.fromEntries(stages.map((stage, i) => [stageIds[i], stage])),
  }));
});

describe('loadPipelineText never throws anything but ValidationError', () => {
  it('loads pipelines that are valid by construction', () => {
    fc.assert(
      fc.property(validPipeline, (doc) => {
        const { pipeline } = loadPipelineText(stringify(doc), path.join(root, 'p.yaml'), { root });
        const ids = new Set(pipeline.stages.map((s) => s.id));
        for (const stage of pipeline.stages) {
          expect(stage.next.length).toBeGreaterThan(0);
          expect(stage.next[stage.next.length - 1].when).toBeUndefined();
          for (const route of stage.next) expect(ids.has(route.to) || route.to === 'end' || route.to === 'fail').toBe(true);
        }
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('on generated and mutated pipelines', () => {
    fc.assert(
      fc.property(pipelineDoc, mutation, fc.boolean(), (doc, mutate, withOrchestrator) => loadsOrRejectsCleanly(mutate(stringify(doc)), withOrchestrator)),
      { numRuns: 2500, seed: SEED },
    );
  });

  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 4 })), (text) => loadsOrRejectsCleanly(text, false)),
      { numRuns: 1000, seed: SEED },
    );
  });
});
