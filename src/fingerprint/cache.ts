// The fingerprint cache behind skip-if-unchanged: looked up before a stage's first attempt,
// stored only after it succeeded (the engine calls store), never by --dry-run or status.
import { resolve } from 'node:path';
import type { Stage } from '../model/index.js';
import { expandSources, missingGenerates, type ExpandContext } from './expand.js';
import { explainHit, explainMiss, listNames, type CurrentInputs } from './explain.js';
import { fingerprintFile, type FileFingerprint } from './hash-file.js';
import { fingerprintKey, readRecord, serializeRecord, sha1, FINGERPRINT_FORMAT, type FingerprintRecord } from './record.js';

/** The answer of a lookup (the engine's StageCache contract); a hit carries the success it reuses. */
export type CacheLookup = { hit: true; detail: string; runId: string; outputs: Record<string, unknown> } | { hit: false; key: string; detail: string };

/** The success a stored fingerprint stands for. */
export interface CachedSuccess {
  runId: string;
  /** Outputs as journalled (secrets masked). */
  outputs: Record<string, unknown>;
  /** True when masking changed them (the record is then never reused). */
  masked: boolean;
}

export interface FingerprintCacheOptions extends ExpandContext {
  pipeline: string;
  /** Absolute path of a stage's record file. */
  recordFile(stageId: string): string;
  /** Writes a record file atomically (creating its directory). */
  write(file: string, text: string): void;
  /** Clock in epoch ms (tests). */
  now?: () => number;
}

/** Files a stage depends on without listing them: its prompt file, its nested pipeline file. */
export function implicitSources(stage: Stage): string[] {
  if (stage.kind === 'agent' && stage.agent.promptFile) return [stage.agent.promptFile];
  if (stage.kind === 'pipeline') return [stage.pipeline];
  return [];
}

/** Looks stages up against their last successful fingerprint and stores new ones after success. */
export class FingerprintCache {
  /** Records computed by lookups, waiting for the stage to succeed. */
  private readonly pending = new Map<string, FingerprintRecord>();
  private readonly now: () => number;

  constructor(private readonly options: FingerprintCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Fingerprints a stage's inputs and compares them with its last success. */
  lookup(stage: Stage, identity: string): CacheLookup {
    const previous = readRecord(this.options.recordFile(stage.id));
    const current = this.currentInputs(stage, identity, previous);
    const key = fingerprintKey(current.identity, current.patterns, current.files);
    if (previous?.key === key) {
      const missing = missingGenerates(this.options, stage.generates);
      const reusable = reusableSuccess(previous);
      if (missing.length === 0 && reusable) return { hit: true, detail: explainHit(current), ...reusable };
      this.remember(stage, key, current);
      const why = missing.length > 0 ? `generates missing: ${listNames(missing)}` : 'its outputs held a secret, which the cache keeps masked';
      return { hit: false, key, detail: why };
    }
    this.remember(stage, key, current);
    return { hit: false, key, detail: explainMiss(previous, current) };
  }

  /** Stores the fingerprint a lookup computed, with the success it stands for, once the stage succeeded. */
  store(stage: Stage, key: string, success: CachedSuccess): void {
    const record = this.pending.get(pendingKey(stage.id, key));
    if (!record) return;
    this.pending.delete(pendingKey(stage.id, key));
    record.stored_at = new Date(this.now()).toISOString();
    record.run_id = success.runId;
    record.outputs = success.outputs;
    if (success.masked) record.outputs_masked = true;
    this.options.write(this.options.recordFile(stage.id), serializeRecord(record));
  }

  /** Hashes every source file (reusing the previous record's hashes where stats prove them current). */
  private currentInputs(stage: Stage, identity: string, previous: FingerprintRecord | undefined): CurrentInputs & { hashedAtMs: number } {
    const hashedAtMs = this.now();
    const patterns = [...stage.sources, ...implicitSources(stage)];
    const files: Record<string, FileFingerprint> = {};
    for (const rel of expandSources(this.options, patterns)) {
      const entry = fingerprintFile(resolve(this.options.root, rel), previous?.files[rel], previous?.hashed_at_ms ?? 0);
      if (entry) files[rel] = entry;
    }
    return { identity: sha1(identity), patterns, files, hashedAtMs };
  }

  private remember(stage: Stage, key: string, current: CurrentInputs & { hashedAtMs: number }): void {
    this.pending.set(pendingKey(stage.id, key), {
      format: FINGERPRINT_FORMAT,
      pipeline: this.options.pipeline,
      stage: stage.id,
      key,
      identity: current.identity,
      patterns: current.patterns,
      files: current.files,
      hashed_at_ms: current.hashedAtMs,
    });
  }
}

/** The run and outputs a record lets a skip reuse; undefined when it cannot stand in for a run. */
function reusableSuccess(record: FingerprintRecord): { runId: string; outputs: Record<string, unknown> } | undefined {
  if (record.outputs_masked || typeof record.run_id !== 'string' || typeof record.outputs !== 'object' || record.outputs === null) return undefined;
  return { runId: record.run_id, outputs: record.outputs };
}

/** Key of a lookup waiting for its stage to succeed. */
function pendingKey(stageId: string, key: string): string {
  return `${stageId}\u0000${key}`;
}
