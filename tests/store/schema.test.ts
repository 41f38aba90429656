import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JOURNAL_EVENT_TYPES, RUN_STATUSES, STAGE_STATUSES, type JournalEvent, type JournalEventType, type RunManifest, type StageRecord } from '../../src/model/index.js';
import { schemaFile, validateEvent, validateManifest } from '../../src/store/index.js';
import { sampleManifest } from './helpers.js';

interface SchemaNode {
  $id?: string;
  required?: string[];
  properties?: Record<string, SchemaNode & { enum?: unknown[]; const?: unknown; description?: string }>;
  definitions?: Record<string, SchemaNode>;
  oneOf?: { $ref: string }[];
  additionalProperties?: unknown;
}

const load = (name: string) => JSON.parse(fs.readFileSync(schemaFile(name), 'utf8')) as SchemaNode;
const manifestSchema = load('manifest.schema.json');
const eventSchema = load('event.schema.json');

// Every key of the model types, checked by the compiler: a field added to src/model/run.ts
// fails to compile here until the schema test (and so the schema) knows about it.
const MANIFEST_KEYS: Record<keyof RunManifest, true> = {
  schema_version: true,
  run_id: true,
  pipeline: true,
  status: true,
  status_reason: true,
  inputs: true,
  created_at: true,
  updated_at: true,
  journal_seq: true,
  finished_at: true,
  heartbeat_at: true,
  pid: true,
  host: true,
  parent_run: true,
  parent_stage: true,
  stages: true,
  usage: true,
  usage_by_runtime: true,
  machine: true,
};
const STAGE_KEYS: Record<keyof StageRecord, true> = {
  status: true,
  attempts: true,
  visits: true,
  runtime_id: true,
  exit_code: true,
  signal: true,
  duration_ms: true,
  outputs: true,
  log: true,
  reason: true,
  usage: true,
  reused_from: true,
  child_run: true,
};
type KeysOf<T> = T extends unknown ? keyof T : never;
type EventKeys = { [K in JournalEventType]: Record<KeysOf<Extract<JournalEvent, { type: K }>>, true> };
const BASE = { type: true, seq: true, ts: true, run_id: true } as const;
const STAGE = { ...BASE, stage: true, attempt: true } as const;
const EVENT_KEYS: EventKeys = {
  'run.started': { ...BASE, pipeline: true, inputs: true, parent_run: true, parent_stage: true, selection: true, version: true, plan: true },
  'run.resumed': { ...BASE, reason: true },
  'run.finished': { ...BASE, status: true, reason: true },
  'stage.started': {
    ...STAGE,
    visit: true,
    runtime_id: true,
    pid: true,
    adapter: true,
    runtime_source: true,
    runtime_version: true,
    run_reason: true,
    child_run: true,
    executor: true,
    worker: true,
    host: true,
    job: true,
  },
  'stage.finished': { ...STAGE, status: true, exit_code: true, signal: true, duration_ms: true, outputs: true, log: true, reason: true, pid: true, usage: true, tail: true },
  'stage.skipped': { ...STAGE, visit: true, reason: true, detail: true, reused_from: true, outputs: true },
  'stage.retrying': { ...STAGE, delay_ms: true, reason: true },
  'stage.superseded': { ...STAGE, worker: true, reason: true },
  'route.decided': { ...BASE, from: true, to: true, why: true },
  'gate.waiting': { ...STAGE, message: true, rule: true, timeout_at: true, on_timeout: true },
  'gate.decided': { ...STAGE, decision: true, by: true, comment: true },
};

const sorted = (values: Iterable<string>) => [...values].sort();

describe('schemas match src/model/run.ts', () => {
  it('has an $id and a description on every property', () => {
    for (const schema of [manifestSchema, eventSchema]) {
      expect(schema.$id).toMatch(/^https:\/\//);
      const nodes: SchemaNode[] = [schema, ...Object.values(schema.definitions ?? {})];
      for (const node of nodes) {
        for (const [key, prop] of Object.entries(node.properties ?? {})) expect(prop.description, key).toBeTruthy();
      }
    }
  });

  it('lists the manifest and stage record keys, closed', () => {
    expect(sorted(Object.keys(manifestSchema.properties ?? {}))).toEqual(sorted(Object.keys(MANIFEST_KEYS)));
    expect(manifestSchema.additionalProperties).toBe(false);
    const stage = manifestSchema.definitions?.stageRecord as SchemaNode;
    expect(sorted(Object.keys(stage.properties ?? {}))).toEqual(sorted(Object.keys(STAGE_KEYS)));
    expect(stage.additionalProperties).toBe(false);
    expect(manifestSchema.properties?.status.enum).toEqual([...RUN_STATUSES]);
    expect(stage.properties?.status.enum).toEqual([...STAGE_STATUSES]);
  });

  it('lists every event type and its keys', () => {
    expect(sorted(Object.keys(eventSchema.definitions ?? {}))).toEqual(sorted(JOURNAL_EVENT_TYPES));
    expect(eventSchema.oneOf?.map((ref) => ref.$ref.split('/').pop())).toEqual([...JOURNAL_EVENT_TYPES]);
    for (const type of JOURNAL_EVENT_TYPES) {
      const def = eventSchema.definitions?.[type] as SchemaNode;
      expect(sorted(Object.keys(def.properties ?? {})), type).toEqual(sorted(Object.keys(EVENT_KEYS[type])));
      expect(def.properties?.type.const).toBe(type);
      expect(def.additionalProperties).toBe(false);
    }
  });
});

describe('validateEvent', () => {
  const stamp = { seq: 1, ts: '2026-11-21T10:30:00.000Z', run_id: '20261121-103000-k3f9' };

  it('accepts a well-formed event', () => {
    expect(validateEvent({ type: 'run.resumed', ...stamp, reason: 'resume' })).toEqual([]);
  });

  it('rejects an unknown type, naming it', () => {
    const problems = validateEvent({ type: 'stage.exploded', ...stamp });
    expect(problems.join('\n')).toMatch(/stage\.exploded/);
  });

  it('rejects missing stamps, unknown fields and bad values', () => {
    expect(validateEvent({ type: 'run.resumed', reason: 'x' }).join('\n')).toMatch(/seq/);
    expect(validateEvent({ type: 'run.resumed', ...stamp, reason: 'x', extra: 1 }).join('\n')).toMatch(/extra/);
    expect(validateEvent({ type: 'run.resumed', ...stamp, ts: 'yesterday', reason: 'x' }).join('\n')).toMatch(/\/ts/);
    expect(validateEvent({ type: 'run.resumed', ...stamp, seq: 0, reason: 'x' }).join('\n')).toMatch(/\/seq/);
    expect(validateEvent({ type: 'run.resumed', ...stamp, run_id: '../x', reason: 'x' }).join('\n')).toMatch(/\/run_id/);
    const skipped = { type: 'stage.skipped', ...stamp, stage: 'a', attempt: 1, reason: 'because' };
    expect(validateEvent(skipped).join('\n')).toMatch(/\/reason.*cached, if_false, target/);
    expect(validateEvent('not an object')).not.toEqual([]);
  });
});

describe('validateManifest', () => {
  it('accepts a new manifest and rejects unknown keys at both levels', () => {
    const m = sampleManifest('20261121-103000-k3f9');
    expect(validateManifest(m)).toEqual([]);
    expect(validateManifest({ ...m, colour: 'red' }).join('\n')).toMatch(/colour/);
    const badStage = { ...m, stages: { build: { ...m.stages.build, retries: 1 } } };
    expect(validateManifest(badStage).join('\n')).toMatch(/\/stages\/build.*retries/);
    const { usage: _omitted, ...noUsage } = m;
    expect(validateManifest(noUsage).join('\n')).toMatch(/usage/);
  });
});
