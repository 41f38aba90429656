// Validation of manifests and journal events against schemas/*.schema.json (ajv, compiled once).
// Every test in the project can use these to assert what it wrote matches the contract.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** Absolute path of a file in the repository's schemas/ directory (from src/ or dist/). */
export function schemaFile(name: string): string {
  return fileURLToPath(new URL(`../../schemas/${name}`, import.meta.url));
}

// ISO 8601 date-time as produced by Date#toISOString (offsets allowed too).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let validators: { manifest: ValidateFunction; event: ValidateFunction } | null = null;

function compileValidators(): { manifest: ValidateFunction; event: ValidateFunction } {
  // why: required on first use, not imported, so commands that never read a manifest never load ajv.
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, discriminator: true });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  const load = (name: string): object => JSON.parse(fs.readFileSync(schemaFile(name), 'utf8')) as object;
  return { manifest: ajv.compile(load('manifest.schema.json')), event: ajv.compile(load('event.schema.json')) };
}

function getValidators(): { manifest: ValidateFunction; event: ValidateFunction } {
  validators ??= compileValidators();
  return validators;
}

/** One ajv error as `path: message (detail)`. */
export function formatSchemaError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '/' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (typeof params.additionalProperty === 'string') detail = ` '${params.additionalProperty}'`;
  else if (Array.isArray(params.allowedValues)) detail = ` (${params.allowedValues.join(', ')})`;
  else if (params.tag !== undefined && params.tagValue !== undefined) detail = ` (got ${JSON.stringify(params.tagValue)})`;
  return `${where}: ${error.message ?? 'is invalid'}${detail}`;
}

function run(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(formatSchemaError);
}

/** Problems of `value` as a RunManifest (schemas/manifest.schema.json); empty when valid. */
export function validateManifest(value: unknown): string[] {
  return run(getValidators().manifest, value);
}

/** Problems of `value` as a JournalEvent (schemas/event.schema.json); empty when valid. */
export function validateEvent(value: unknown): string[] {
  return run(getValidators().event, value);
}
