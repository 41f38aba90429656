// The run store (DESIGN §4): run directories, ids, manifest, journal, locks, run lookup.
export { RunStoreError, describeError } from './errors.js';
export { newRunId, checkId, idProblem, MAX_ID_LENGTH, RUN_ID_PATTERN } from './ids.js';
export {
  type RunPaths,
  runPaths,
  runPathsAt,
  pipelineRunsDir,
  logPath,
  logRelPath,
  outputPath,
  cachePath,
  CACHE_DIR_NAME,
} from './paths.js';
export { writeFileAtomic, fsyncDir } from './atomic.js';
export {
  writeManifest,
  readManifest,
  serializeManifest,
  ensureRunDir,
  newManifest,
  pendingStageRecord,
  type NewManifestOptions,
} from './manifest.js';
export { ManifestWriter, DEFAULT_MANIFEST_INTERVAL_MS } from './manifest-writer.js';
export { rebuildManifestFromJournal, ManifestReplay } from './rebuild.js';
export { createRunDir, removeAbandonedStaging, STAGING_DIR, type CreatedRun } from './create-run.js';
export { currentManifest, lastJournalSeq, manifestBase, manifestFromEvents } from './current-manifest.js';
export { Journal, type JournalRecovery } from './journal.js';
export { readJournal, type JournalContents } from './journal-read.js';
export { followJournal, JournalCursor, type FollowJournalOptions } from './journal-follow.js';
export {
  acquireLock,
  lockAt,
  readLock,
  isLockLive,
  lockOwnerState,
  processStartTime,
  type LockInfo,
  type LockHandle,
  type LockOwnerState,
} from './lock.js';
export {
  listRuns,
  listRunPaths,
  findRun,
  latestRun,
  effectiveStatus,
  runOwnerMayBeAlive,
  closestIds,
  type RunSummary,
} from './runs.js';
export { validateManifest, validateEvent, formatSchemaError, schemaFile } from './schema-check.js';
export { RunRecorder } from './recorder.js';
export { awaitDecision, currentDecision, writeDecision, type DecisionRecord } from './decisions.js';
export { lockAndRead, rebuildRecord } from './reopen-run.js';
export { journalOnly } from './record-decision.js';
