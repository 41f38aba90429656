// The pipeline hash: sha256 of the canonical normalised pipeline, stable across cosmetic edits.
import { createHash } from 'node:crypto';
import type { InputSpec, Pipeline, Stage } from '../model/pipeline.js';

function writeCanonical(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      writeCanonical(value[i] ?? null, out);
    }
    out.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  out.push('{');
  let first = true;
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    out.push(first ? '' : ',', JSON.stringify(key), ':');
    first = false;
    writeCanonical(record[key], out);
  }
  out.push('}');
}

/** JSON with object keys sorted and undefined fields dropped, so key order never matters. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  writeCanonical(value, out);
  return out.join('');
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
export function behaviouralPipeline(pipeline: Pipeline): Record<string, unknown> {
  const { file: _file, description: _description, ...rest } = pipeline;
  const inputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(pipeline.inputs)) inputs[name] = inputWithoutDescription(spec);
  return { ...rest, inputs, stages: pipeline.stages.map(withoutCosmetics) };
}

/** `sha256:<hex>` of the canonical pipeline: comments, key order and descriptions keep it. */
export function pipelineHash(pipeline: Pipeline): string {
  const digest = createHash('sha256').update(canonicalJson(behaviouralPipeline(pipeline))).digest('hex');
  return `sha256:${digest}`;
}
