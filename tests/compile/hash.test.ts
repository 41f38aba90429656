// pipelineHash: cosmetic edits keep it, behavioural edits change it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson, compilePipeline, machineHash, pipelineHash } from '../../src/compile/index.js';
import type { Pipeline, Stage } from '../../src/model/pipeline.js';
import { buildTest } from './builders.js';

/** The same value with every object's keys in reverse order (what reordering YAML keys does). */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reverseKeys(v)])) as T;
}

function editStage(p: Pipeline, id: string, edit: (stage: Stage) => Stage): Pipeline {
  return { ...p, stages: p.stages.map((stage) => (stage.id === id ? edit(stage) : stage)) };
}

describe('pipelineHash', () => {
  const base = buildTest();
  const hash = pipelineHash(base);

  it('is sha256 hex and what compilePipeline reports', () => {
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(compilePipeline(base).hash).toBe(hash);
  });

  it('ignores key order, descriptions, source positions and the file path', () => {
    expect(pipelineHash(reverseKeys(base))).toBe(hash);
    const cosmetic: Pipeline = {
      ...editStage(base, 'install', (s) => ({ ...s, description: 'changed', loc: { file: '/elsewhere.yaml', line: 40, col: 9 } })),
      description: 'another description',
      file: '/other/place.yaml',
      inputs: { env: { ...base.inputs.env, description: 'which environment' } },
    };
    expect(pipelineHash(cosmetic)).toBe(hash);
  });

  it('changes when a command, a route, a policy or the stage order changes', () => {
    const changes: Pipeline[] = [
      editStage(base, 'install', (s) => (s.kind === 'command' ? { ...s, run: { kind: 'shell', script: 'npm install' } } : s)),
      editStage(base, 'build', (s) => ({ ...s, next: [{ to: 'report' }] })),
      editStage(base, 'test', (s) => ({ ...s, onFailure: 'fail' })),
      editStage(base, 'test', (s) => ({ ...s, retry: { max: 2, delayMs: 1000, backoff: 2, maxDelayMs: 30_000 } })),
      { ...base, stages: [...base.stages].reverse() },
      { ...base, env: { CI: '1' } },
    ];
    const hashes = new Set(changes.map(pipelineHash));
    expect(hashes.has(hash)).toBe(false);
    expect(hashes.size).toBe(changes.length);
  });

  it('canonical JSON does not depend on key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reverseKeys(value))).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('hashes of large values (fed to sha256 in chunks)', () => {
  it('equal sha256 of the whole canonical JSON, for pipelines and machines of thousands of stages', () => {
    const base = buildTest();
    const big: Pipeline = {
      ...base,
      stages: Array.from({ length: 3000 }, (_, i) => ({ ...(base.stages[0] as Stage), id: `s${i}`, next: [{ to: i < 2999 ? `s${i + 1}` : 'end' }] })),
    };
    const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    const { description: _d, file: _f, ...rest } = big;
    const behavioural = {
      ...rest,
      inputs: Object.fromEntries(Object.entries(big.inputs).map(([k, { description: _x, ...v }]) => [k, v])),
      stages: big.stages.map(({ description: _x, loc: _l, ...s }) => s),
    };
    expect(canonicalJson(behavioural).length).toBeGreaterThan(100_000);
    expect(pipelineHash(big)).toBe(sha(canonicalJson(behavioural)));
    const machine = compilePipeline(big).machine;
    expect(machineHash(machine)).toBe(sha(canonicalJson(machine)));
  });
});
