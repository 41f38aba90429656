// The fingerprint record of a stage (`<runsDir>/.cache/<pipeline>/<stage>.json`) and its key.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FileFingerprint } from './hash-file.js';

/** Bumped when the key's ingredients or the record's contents change, so old records simply miss. */
export const FINGERPRINT_FORMAT = 2;

/** What is remembered after a stage succeeded. */
export interface FingerprintRecord {
  format: typeof FINGERPRINT_FORMAT;
  pipeline: string;
  stage: string;
  /** sha1 over the identity hash, the patterns and every file's content hash. */
  key: string;
  /** sha1 of the rendered command, env and cwd (hashed: env values may be secrets). */
  identity: string;
  /** The `sources` patterns (plus implicit ones: prompt files, nested pipeline files). */
  patterns: string[];
  /** Root-relative path -> fingerprint, for every matched file. */
  files: Record<string, FileFingerprint>;
  /** When the files were hashed (epoch ms): the stat fast path is only trusted for older mtimes. */
  hashed_at_ms: number;
  /** When the stage's success was recorded (ISO 8601). */
  stored_at?: string;
  /** The run whose success this record stands for (a cached skip names it). */
  run_id?: string;
  /** The outputs of that success (secrets masked): a cached skip restores them. */
  outputs?: Record<string, unknown>;
  /** True when masking changed the outputs: restoring them would hand `***` on, so the stage runs again. */
  outputs_masked?: boolean;
}

/** sha1 hex of a string. */
export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The fingerprint key: identity, patterns and the sorted (path, content hash) pairs. */
export function fingerprintKey(identityHash: string, patterns: readonly string[], files: Record<string, FileFingerprint>): string {
  const pairs = Object.keys(files)
    .sort()
    .map((path) => [path, files[path]?.hash]);
  return sha1(JSON.stringify([FINGERPRINT_FORMAT, identityHash, patterns, pairs]));
}

/** Reads a record; undefined when it is missing, unreadable, corrupt or of another format. */
export function readRecord(file: string): FingerprintRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return isRecord(value) ? value : undefined;
}

/** Shape check of a parsed record (a stale or hand-edited file must not crash a run). */
function isRecord(value: unknown): value is FingerprintRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<FingerprintRecord>;
  return (
    r.format === FINGERPRINT_FORMAT &&
    typeof r.key === 'string' &&
    typeof r.identity === 'string' &&
    Array.isArray(r.patterns) &&
    typeof r.files === 'object' &&
    r.files !== null &&
    typeof r.hashed_at_ms === 'number'
  );
}

/** Serialises a record for the cache file. */
export function serializeRecord(record: FingerprintRecord): string {
  return `${JSON.stringify(record, null, 1)}\n`;
}
