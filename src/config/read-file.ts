// Reads a config or pipeline file for the loader, refusing huge files before reading them.
import { readFileSync, statSync } from 'node:fs';
import { MAX_FILE_BYTES } from './yaml-source.js';

export type FileText = { ok: true; text: string } | { ok: false; missing: boolean; message: string };

/** The UTF-8 text of a regular file, or why it cannot be read. */
export function readSourceFile(file: string): FileText {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, missing: true, message: 'is not a file' };
    if (stat.size > MAX_FILE_BYTES) {
      return { ok: false, missing: false, message: `file is too large (${(stat.size / MAX_FILE_BYTES).toFixed(1)} MiB); the limit is 1 MiB` };
    }
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, message: 'no such file' };
    return { ok: false, missing: false, message: `cannot read the file (${code ?? String(error)})` };
  }
}
