// Kills a CLI run once a condition holds, leaving it interrupted (owner gone, lock stale).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startCli } from './crash-helpers.js';

/** Starts `run FILE ARGS`, SIGKILLs the runner once `ready()` holds; returns the new run's id. */
export async function interruptRun(project: string, file: string, args: string[], ready: () => boolean): Promise<string> {
  const name = file.replace(/\.yaml$/, '');
  const before = new Set(safeList(join(project, '.runs', name)));
  const { child, exited } = startCli(project, ['run', file, ...args]);
  for (let i = 0; i < 600; i++) {
    let ok = false;
    try {
      ok = ready();
    } catch {
      ok = false;
    }
    if (ok) break;
    await delay(25);
  }
  child.kill('SIGKILL');
  await exited;
  const created = safeList(join(project, '.runs', name)).filter((id) => !before.has(id));
  if (created.length !== 1) throw new Error(`expected one new run, found ${created.length}`);
  return created[0];
}

/** Directory entries, or none when it does not exist. */
function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
