import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecord, serializeRecord } from '../../src/fingerprint/index.js';
import type { AgentStage } from '../../src/model/index.js';
import { cacheIn, runOnce, stage, tempTree, writeTree } from './helpers.js';

describe('FingerprintCache', () => {
  it('misses without a record, hits after a stored success, and says why', () => {
    const root = tempTree({ 'src/a.ts': 'a', 'src/b.ts': 'b' });
    const cache = cacheIn(root);
    const s = stage('build', ['src/**/*.ts']);
    expect(runOnce(cache, s)).toEqual({ hit: false, detail: 'no fingerprint yet (first run)' });
    expect(runOnce(cache, s)).toEqual({ hit: true, detail: 'sources unchanged (2 files)' });
  });

  it('names the changed, added and removed sources', () => {
    const root = tempTree({ 'src/a.ts': 'a', 'src/b.ts': 'b' });
    const cache = cacheIn(root);
    const s = stage('build', ['src/**/*.ts']);
    runOnce(cache, s);
    writeFileSync(join(root, 'src/a.ts'), 'a2');
    expect(runOnce(cache, s).detail).toBe('sources changed: src/a.ts');
    writeTree(root, 'src/new/c.ts', 'c');
    rmSync(join(root, 'src/b.ts'));
    expect(runOnce(cache, s)).toEqual({ hit: false, detail: 'sources added: src/new/c.ts; removed: src/b.ts' });
    expect(runOnce(cache, s).hit).toBe(true);
  });

  it('misses when the command, env or cwd (the identity) changes', () => {
    const root = tempTree({ 'a.txt': 'a' });
    const cache = cacheIn(root);
    const s = stage('x', ['a.txt']);
    runOnce(cache, s, 'echo 1');
    expect(runOnce(cache, s, 'echo 2')).toEqual({ hit: false, detail: 'command, env or cwd changed' });
    expect(runOnce(cache, s, 'echo 2').hit).toBe(true);
  });

  it('misses while a generated file is missing', () => {
    const root = tempTree({ 'a.txt': 'a' });
    const cache = cacheIn(root);
    const s = stage('x', ['a.txt'], ['out/a.js', 'dist/*.map']);
    runOnce(cache, s);
    expect(runOnce(cache, s)).toEqual({ hit: false, detail: 'generates missing: out/a.js, dist/*.map' });
    writeTree(root, 'out/a.js', '');
    writeTree(root, 'dist/a.js.map', '');
    expect(runOnce(cache, s).hit).toBe(true);
  });

  it('stores nothing until the stage succeeded', () => {
    const root = tempTree({ 'a.txt': 'a' });
    const cache = cacheIn(root);
    const s = stage('x', ['a.txt']);
    expect(cache.lookup(s, 'cmd').hit).toBe(false);
    expect(cache.lookup(s, 'cmd').hit).toBe(false);
    expect(existsSync(join(root, '.runs/.cache/p/x.json'))).toBe(false);
  });

  it('keeps only hashes of the identity (env values may be secrets)', () => {
    const root = tempTree({ 'a.txt': 'a' });
    runOnce(cacheIn(root), stage('x', ['a.txt']), '{"env":{"TOKEN":"hunter2"}}');
    const text = readFileSync(join(root, '.runs/.cache/p/x.json'), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({ format: 2, pipeline: 'p', stage: 'x', patterns: ['a.txt'] });
  });

  it('never counts the runs dir, node_modules or .git as sources unless named', () => {
    const root = tempTree({ 'a.txt': 'a', '.runs/p/r/manifest.json': '{}', 'node_modules/m/i.js': '', '.git/HEAD': '', 'node_modules/.lock': '' });
    const cache = cacheIn(root);
    runOnce(cache, stage('all', ['**/*']));
    expect(Object.keys(readRecord(join(root, '.runs/.cache/p/all.json'))?.files ?? {})).toEqual(['a.txt']);
    runOnce(cache, stage('named', ['node_modules/.lock']));
    expect(Object.keys(readRecord(join(root, '.runs/.cache/p/named.json'))?.files ?? {})).toEqual(['node_modules/.lock']);
  });

  it('honours negated patterns and directory names', () => {
    const root = tempTree({ 'src/a.ts': '', 'src/a.test.ts': '', 'docs/x.md': '' });
    const cache = cacheIn(root);
    runOnce(cache, stage('x', ['src/**/*.ts', '!src/**/*.test.ts', 'docs']));
    expect(Object.keys(readRecord(join(root, '.runs/.cache/p/x.json'))?.files ?? {}).sort()).toEqual(['docs/x.md', 'src/a.ts']);
  });

  it('covers an agent stage prompt file without listing it', () => {
    const root = tempTree({ 'prompt.md': 'v1', 'a.txt': '' });
    const cache = cacheIn(root);
    const agent: AgentStage = { ...stage('ask', ['a.txt']), kind: 'agent', agent: { role: 'execute', promptFile: 'prompt.md' } } as AgentStage;
    runOnce(cache, agent);
    writeFileSync(join(root, 'prompt.md'), 'v2');
    expect(runOnce(cache, agent).detail).toBe('sources changed: prompt.md');
  });

  it('trusts unchanged stats only for files older than the racy window', () => {
    const root = tempTree({ 'old.txt': 'old', 'new.txt': 'new' });
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(root, 'old.txt'), hourAgo, hourAgo);
    const cache = cacheIn(root);
    const s = stage('x', ['*.txt']);
    runOnce(cache, s);
    // Corrupt both stored hashes: only the old file's is reused (its stats prove it current).
    const file = join(root, '.runs/.cache/p/x.json');
    const record = readRecord(file);
    if (!record) throw new Error('no record');
    record.files['old.txt'].hash = 'bogus-old';
    record.files['new.txt'].hash = 'bogus-new';
    writeFileSync(file, serializeRecord(record));
    expect(runOnce(cache, s).detail).toBe('sources changed: new.txt');
  });

  it('ignores a corrupt record', () => {
    const root = tempTree({ 'a.txt': 'a', '.runs/.cache/p/x.json': '{not json' });
    expect(runOnce(cacheIn(root), stage('x', ['a.txt'])).detail).toBe('no fingerprint yet (first run)');
  });
});
