// Where the running flowstate package lives (the folder with package.json, dist/, schemas/).
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { schemaPath } from '../config/index.js';

/** The root of the running package, found from the schemas it ships (one anchor for every file). */
export function runningPackageRoot(): string {
  return realpathSync(dirname(dirname(schemaPath('pipeline'))));
}
