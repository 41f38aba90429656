// A set of changed paths collected between two runs, reduced to its net effect: a file
// created and deleted again within the set (an editor's temporary file) is no change at all.
import type { PathKind } from './watch-set.js';

/** What the file system reported for a path. */
export type ChangeKind = 'add' | 'change' | 'unlink';

interface PathChange {
  kind: PathKind;
  /** True when the path did not exist before this set began. */
  created: boolean;
  exists: boolean;
}

/** Changed paths with their kind (config or source), collected between runs. */
export class ChangeSet {
  private readonly paths = new Map<string, PathChange>();
  /** The watch's first run: runs with no changed path. */
  initial = false;

  /** Records one file system event for an absolute path of the given kind. */
  record(path: string, change: ChangeKind, kind: PathKind): void {
    const known = this.paths.get(path);
    if (!known) {
      this.paths.set(path, { kind, created: change === 'add', exists: change !== 'unlink' });
      return;
    }
    known.exists = change !== 'unlink';
  }

  /** Adds every change of another set (the other set's later events win). */
  merge(other: ChangeSet): void {
    this.initial ||= other.initial;
    for (const [path, change] of other.paths) {
      const known = this.paths.get(path);
      if (!known) this.paths.set(path, { ...change });
      else known.exists = change.exists;
    }
  }

  /** Paths whose net effect is a change (sorted); `kind` filters config vs source. */
  effective(kind?: PathKind): string[] {
    const out: string[] = [];
    for (const [path, change] of this.paths) {
      if (change.created && !change.exists) continue;
      if (kind === undefined || change.kind === kind) out.push(path);
    }
    return out.sort();
  }

  /** True when running for this set would be pointless. */
  isEmpty(): boolean {
    return !this.initial && this.effective().length === 0;
  }

  /** Moves everything out into a new set and leaves this one empty. */
  take(): ChangeSet {
    const taken = new ChangeSet();
    taken.merge(this);
    this.paths.clear();
    this.initial = false;
    return taken;
  }
}
