// PATH lookup of a runtime's executable, the way the OS will find it when the stage spawns it.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Where to look: the PATH value and the directory relative names are resolved against. */
export interface LookupPlace {
  pathVariable: string | undefined;
  cwd: string;
}

/** The absolute path of an executable file named `name` (a bare name is searched on PATH), or null. */
export function findExecutable(name: string, place: LookupPlace): string | null {
  if (name === '') return null;
  if (name.includes('/')) {
    const file = path.resolve(place.cwd, name);
    return isExecutableFile(file) ? file : null;
  }
  for (const dir of (place.pathVariable ?? '').split(path.delimiter)) {
    const file = path.resolve(place.cwd, dir === '' ? '.' : dir, name);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

/** True for a regular file (or a link to one) that this process may execute. */
function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
