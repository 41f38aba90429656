// The pipeline hash: sha256 of the canonical normalised pipeline, stable across cosmetic edits.
import { createHash } from 'node:crypto';
import type { InputSpec, Pipeline, Stage } from '../model/pipeline.js';

/** Canonical JSON of a value (string concatenation: V8 builds it as a rope, cheaper than join). */
function writeCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + writeCanonical(value[i] ?? null);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${writeCanonical(record[key])}`;
    first = false;
  }
  return `${out}}`;
}

/** JSON with object keys sorted and undefined fields dropped, so key order never matters. */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value);
}

function withoutCosmetics(stage: Stage): Record<string, unknown> {
  const { description: _description, loc: _loc, ...rest } = stage;
  if (rest.kind !== 'parallel') return rest;
  return { ...rest, branches: rest.branches.map(withoutCosmetics) };
}

function inputWithoutDescription(input: InputSpec): Record<string, unknown> {
  const { description: _description, ...rest } = input;
  return rest;
}

/** The pipeline minus what cannot change behaviour: its file path, descriptions, source positions. */
function behaviouralPipeline(pipeline: Pipeline): Record<string, unknown> {
  const { file: _file, description: _description, ...rest } = pipeline;
  const inputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(pipeline.inputs)) inputs[name] = inputWithoutDescription(spec);
  return { ...rest, inputs, stages: pipeline.stages.map(withoutCosmetics) };
}

/** `sha256:<hex>` of the canonical pipeline: comments, key order and descriptions keep it. */
export function pipelineHash(pipeline: Pipeline): string {
  const digest = createHash('sha256')
    .update(canonicalJson(behaviouralPipeline(pipeline)))
    .digest('hex');
  return `sha256:${digest}`;
}

/** `sha256:<hex>` of a compiled machine config (canonical JSON): what a resume checks it still runs. */
export function machineHash(machine: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(machine)).digest('hex')}`;
}
