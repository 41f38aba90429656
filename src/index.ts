// flowstate's public library API: the same functions the CLI calls.
export * from './api/index.js';
export { loadPipelineFile, loadPipelineText, loadOrchestrator, type LoadedPipeline } from './config/index.js';
export { compilePipeline, type CompiledPipeline } from './compile/index.js';
export { renderMachine, type VizFormat } from './viz/index.js';
export { createPlainReporter, createJsonReporter, replayJournal, type Reporter } from './reporters/index.js';
export { ON_BUSY, type OnBusy, type WatchEvent, type WatchSummary } from './watch/index.js';
export * from './errors/index.js';
export type * from './model/index.js';
export { ROLES, RUN_STATUSES, STAGE_STATUSES, JOURNAL_EVENT_TYPES } from './model/index.js';

/** Alias of validatePipelines for library users. */
export { validatePipelines as validate } from './api/index.js';
/** Alias of loadPipelineFile for library users. */
export { loadPipelineFile as loadPipeline } from './config/index.js';
