// Pure data types shared by every layer. No I/O.
export * from './pipeline.js';
export * from './run.js';
export * from './orchestrator.js';
export * from './secret-names.js';
export * from './run-plan.js';
export * from './run-view.js';
export * from './run-view-fold.js';
export * from './run-view-queries.js';
export * from './run-events.js';
export * from './run-view-manifest.js';
