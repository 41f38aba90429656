// A per-attempt scratch directory, created on first use and removed by the lifecycle's cleanup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Lazily created temporary directory; `remove` is safe to call whether or not it exists. */
export class ScratchDir {
  private dir: string | null = null;

  constructor(private readonly prefix: string) {}

  /** The absolute path of `name` inside the directory (creating the directory). */
  file(name: string): string {
    this.dir ??= mkdtempSync(join(tmpdir(), this.prefix));
    return join(this.dir, name);
  }

  /** The directory, or null when nothing asked for it. */
  path(): string | null {
    return this.dir;
  }

  /** Deletes the directory and everything in it. */
  remove(): void {
    if (this.dir === null) return;
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
