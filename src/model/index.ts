// Pure data types shared by every layer. No I/O.
export * from './pipeline.js';
export * from './run.js';
export * from './orchestrator.js';
export * from './secret-names.js';
export * from './service.js';
