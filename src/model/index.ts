// Pure data types shared by every layer. No I/O.
export * from './pipeline.js';
export * from './fanout.js';
export * from './run.js';
export * from './orchestrator.js';
export * from './secret-names.js';
export * from './run-plan.js';
export * from './run-view.js';
export * from './run-view-fold.js';
export * from './run-view-queries.js';
export * from './run-events.js';
export * from './run-view-manifest.js';
export * from './runtime-choice.js';
export * from './duration.js';
export * from './diagnostic.js';
export * from './watch-event.js';
export * from './service.js';
export * from './edit-distance.js';
