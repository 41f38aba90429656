// Schemas compiled at build time. This stub is what the tests (run from src/) see: no
// precompiled validators, so src/config/schemas.ts compiles the schemas with ajv on first use.
// `npm run build` replaces dist/config/precompiled-schemas.js with the generated module
// (scripts/build-validators.mjs), which exports the same shape filled in.
import type { ValidateFunction } from 'ajv';

/** One schema kind compiled ahead of time. */
export interface PrecompiledSchema {
  /** The schema's `$id`. */
  id: string;
  /** The schema root as embedded in the generated code. */
  schema: object;
  validate: ValidateFunction;
  /** A validator for each `oneOf` branch, by JSON pointer (`/definitions/commandStage`). */
  sub: Record<string, ValidateFunction>;
  /** Each schema object embedded in the generated code with its JSON pointer in the schema file. */
  roots: Array<[object, string]>;
}

/** The precompiled schemas by kind (none in this stub). */
export const PRECOMPILED: Partial<Record<'pipeline' | 'orchestrator', PrecompiledSchema>> = {};
