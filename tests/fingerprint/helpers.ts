// Helpers of the fingerprint tests: temp projects and minimal stages.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { FingerprintCache } from '../../src/fingerprint/index.js';
import type { CommandStage, Stage } from '../../src/model/index.js';

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp directory holding the given files; removed after the test. */
export function tempTree(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowstate-fp-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) writeTree(dir, name, text);
  return dir;
}

/** Writes a file, creating its directory. */
export function writeTree(root: string, name: string, text: string): void {
  mkdirSync(dirname(join(root, name)), { recursive: true });
  writeFileSync(join(root, name), text);
}

/** A command stage with the given sources and generates. */
export function stage(id: string, sources: string[], generates: string[] = []): CommandStage {
  return {
    id,
    kind: 'command',
    run: { kind: 'shell', script: 'true' },
    env: {},
    onFailure: 'fail',
    next: [{ to: 'end' }],
    sources,
    generates,
    idempotent: true,
    loc: { file: 'p.yaml', line: 1, col: 1 },
  };
}

/** A cache over `root` whose records live in `<root>/.runs/.cache`. */
export function cacheIn(root: string, now?: () => number): FingerprintCache {
  return new FingerprintCache({
    root,
    excludeDirs: [join(root, '.runs')],
    pipeline: 'p',
    recordFile: (id) => join(root, '.runs/.cache/p', `${id}.json`),
    write: (file, text) => writeTree(root, file.slice(root.length + 1), text),
    now,
  });
}

/** Looks a stage up and, when it misses, stores it as if it had succeeded (in run `r1`, with no outputs). */
export function runOnce(cache: FingerprintCache, s: Stage, identity = 'cmd'): { hit: boolean; detail: string } {
  const answer = cache.lookup(s, identity);
  if (!answer.hit) cache.store(s, answer.key, { runId: 'r1', outputs: {}, masked: false });
  return { hit: answer.hit, detail: answer.detail };
}
