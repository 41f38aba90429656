// Why a fingerprint changed, in words for `stage.started.run_reason` and the reporter.
import type { FileFingerprint } from './hash-file.js';
import type { FingerprintRecord } from './record.js';

/** How many file names a reason lists before "(+N more)". */
const NAMES_SHOWN = 3;

/** The current state of a stage's inputs, as compared with the stored record. */
export interface CurrentInputs {
  identity: string;
  patterns: string[];
  files: Record<string, FileFingerprint>;
}

/** Paths that differ between two file maps: changed, added and removed. */
export function diffFiles(before: Record<string, FileFingerprint>, after: Record<string, FileFingerprint>): { changed: string[]; added: string[]; removed: string[] } {
  const changed: string[] = [];
  const added: string[] = [];
  for (const [path, now] of Object.entries(after)) {
    const then = before[path];
    if (!then) added.push(path);
    else if (then.hash !== now.hash) changed.push(path);
  }
  const removed = Object.keys(before).filter((path) => !(path in after));
  return { changed: changed.sort(), added: added.sort(), removed: removed.sort() };
}

/** `a, b, c (+2 more)` */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} (+${names.length - NAMES_SHOWN} more)` : shown;
}

/** Why the stage must run although a record exists (or because none does). */
export function explainMiss(previous: FingerprintRecord | undefined, current: CurrentInputs): string {
  if (!previous) return 'no fingerprint yet (first run)';
  if (previous.identity !== current.identity) return 'command, env or cwd changed';
  if (JSON.stringify(previous.patterns) !== JSON.stringify(current.patterns)) return 'sources list changed';
  const { changed, added, removed } = diffFiles(previous.files, current.files);
  const parts: string[] = [];
  if (changed.length > 0) parts.push(`changed: ${listNames(changed)}`);
  if (added.length > 0) parts.push(`added: ${listNames(added)}`);
  if (removed.length > 0) parts.push(`removed: ${listNames(removed)}`);
  return parts.length > 0 ? `sources ${parts.join('; ')}` : 'fingerprint changed';
}

/** Why a stage was skipped: its inputs are as they were at its last success. */
export function explainHit(current: CurrentInputs): string {
  const count = Object.keys(current.files).length;
  return `sources unchanged (${count} file${count === 1 ? '' : 's'})`;
}
