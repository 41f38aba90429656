// The XState version recorded with persisted snapshots (a restore needs a compatible one).
import { createRequire } from 'node:module';

/** Version of the installed xstate package. */
export const XSTATE_VERSION: string = (createRequire(import.meta.url)('xstate/package.json') as { version: string }).version;
