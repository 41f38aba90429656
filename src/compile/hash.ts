// The pipeline hash: sha256 of the canonical normalised pipeline, stable across cosmetic edits.
import { createHash } from 'node:crypto';
import type { InputSpec, Pipeline, Stage } from '../model/pipeline.js';

/** Where canonical JSON goes: `text` grows (V8 builds it as a rope); `flush`, when given, takes it in chunks. */
interface CanonicalSink {
  text: string;
  flush?: (chunk: string) => void;
}

/** Chunk size handed to a hash: large pipelines never build their whole canonical text at once. */
const CHUNK = 16 * 1024;

function maybeFlush(sink: CanonicalSink): void {
  if (sink.flush && sink.text.length >= CHUNK) {
    sink.flush(sink.text);
    sink.text = '';
  }
}

/** Appends the canonical JSON of a value to the sink. */
function writeCanonical(value: unknown, sink: CanonicalSink): void {
  if (value === null || typeof value !== 'object') {
    sink.text += JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    sink.text += '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) sink.text += ',';
      writeCanonical(value[i] ?? null, sink);
      maybeFlush(sink);
    }
    sink.text += ']';
    return;
  }
  const record = value as Record<string, unknown>;
  sink.text += '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    sink.text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    writeCanonical(record[key], sink);
    maybeFlush(sink);
    first = false;
  }
  sink.text += '}';
}

/** JSON with object keys sorted and undefined fields dropped, so key order never matters. */
export function canonicalJson(value: unknown): string {
  const sink: CanonicalSink = { text: '' };
  writeCanonical(value, sink);
  return sink.text;
}

/** `sha256:<hex>` of the canonical JSON of a value, fed to the hash in chunks (the same bytes as canonicalJson). */
function canonicalSha256(value: unknown): string {
  const hash = createHash('sha256');
  const sink: CanonicalSink = { text: '', flush: (chunk) => hash.update(chunk) };
  writeCanonical(value, sink);
  hash.update(sink.text);
  return `sha256:${hash.digest('hex')}`;
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
  return canonicalSha256(behaviouralPipeline(pipeline));
}

/** `sha256:<hex>` of a compiled machine config (canonical JSON): what a resume checks it still runs. */
export function machineHash(machine: unknown): string {
  return canonicalSha256(machine);
}
