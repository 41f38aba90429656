import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWatchSet, globMatcher, watchRootOf } from '../../src/watch/index.js';
import { stage, tempTree } from '../fingerprint/helpers.js';
import type { Pipeline } from '../../src/model/index.js';

function pipeline(root: string, stages: Pipeline['stages'], watch: string[] = []): Pipeline {
  return { version: 1, name: 'p', file: join(root, 'pipelines/p.yaml'), inputs: {}, env: {}, defaults: {}, watch, secrets: [], stages };
}

function setIn(root: string, stages: Pipeline['stages'], watch: string[] = []) {
  return buildWatchSet({
    root,
    runsDir: join(root, '.runs'),
    configFiles: [join(root, 'pipelines/p.yaml'), join(root, 'orchestrator.yaml')],
    pipelines: [pipeline(root, stages, watch)],
  });
}

describe('globMatcher', () => {
  it('matches positives minus negations, and everything under a literal directory', () => {
    const match = globMatcher(['src/**/*.ts', '!src/**/*.test.ts', './docs', 'README.md']);
    expect(['src/a.ts', 'src/x/b.ts', 'docs/a/b.md', 'README.md'].map(match)).toEqual([true, true, true, true]);
    expect(['src/a.test.ts', 'lib/a.ts', 'README.md.bak', 'docsx/a'].map(match)).toEqual([false, false, false, false]);
    expect(globMatcher(['!x'])('y')).toBe(false);
  });

  it('finds the directory a pattern lives in', () => {
    const root = tempTree({ 'src/a.ts': '' });
    expect(watchRootOf(root, 'src/**/*.ts')).toEqual({ dir: join(root, 'src'), recursive: true });
    expect(watchRootOf(root, 'src/*.ts')).toEqual({ dir: join(root, 'src'), recursive: false });
    expect(watchRootOf(root, 'src')).toEqual({ dir: join(root, 'src'), recursive: true });
    expect(watchRootOf(root, 'package.json')).toEqual({ dir: root, recursive: false });
    expect(watchRootOf(root, '!src/x.ts')).toBeNull();
  });
});

describe('buildWatchSet', () => {
  it('classifies config files and sources; never generates, the runs dir, node_modules, .git or editor temp files', () => {
    const root = tempTree({ 'src/a.ts': '' });
    const set = setIn(root, [stage('build', ['src/**/*.ts', 'package.json'], ['src/gen/**', 'dist'])], ['assets/*.css']);
    const kinds = (paths: string[]) => paths.map((p) => set.classify(join(root, p)));
    expect(kinds(['pipelines/p.yaml', 'orchestrator.yaml'])).toEqual(['config', 'config']);
    expect(kinds(['src/a.ts', 'src/new/deep/b.ts', 'package.json', 'assets/x.css'])).toEqual(['source', 'source', 'source', 'source']);
    expect(kinds(['src/gen/a.ts', 'dist/a.ts', '.runs/p/x.ts', 'src/node_modules/m/a.ts', '.git/a.ts'])).toEqual([null, null, null, null, null]);
    expect(kinds(['src/.a.ts.swp', 'src/a.ts~', 'src/.#a.ts', 'src/4913', 'docs/a.ts', 'assets/sub/x.css'])).toEqual([null, null, null, null, null, null]);
  });

  it('watches the outermost directories and prunes those that cannot matter', () => {
    const root = tempTree({ 'src/a.ts': '', 'docs/x.md': '', 'pipelines/p.yaml': '', 'node_modules/m/i.js': '' });
    const set = setIn(root, [stage('build', ['src/**/*.ts', 'gen/later/*.ts'])]);
    expect(set.watchPaths).toEqual([root]);
    const dir = (p: string) => set.ignored(join(root, p), statSync(join(root, p)));
    expect([dir('src'), dir('pipelines'), dir('docs'), dir('node_modules')]).toEqual([false, false, true, true]);
    mkdirSync(join(root, 'gen/later'), { recursive: true });
    writeFileSync(join(root, 'docs/y.md'), '');
    expect([dir('gen'), dir('gen/later'), dir('docs/y.md'), dir('src/a.ts')]).toEqual([false, false, true, false]);
    expect(set.ignored(join(root, '.runs'))).toBe(true);
  });

  it('follows a pattern that points into node_modules explicitly', () => {
    const root = tempTree({ 'node_modules/.package-lock.json': '' });
    const set = setIn(root, [stage('install', ['node_modules/.package-lock.json'])]);
    expect(set.classify(join(root, 'node_modules/.package-lock.json'))).toBe('source');
    expect(set.classify(join(root, 'node_modules/m/index.js'))).toBeNull();
  });

  it('has equal signatures for equal inputs and different ones when sources change', () => {
    const root = tempTree();
    expect(setIn(root, [stage('a', ['x'])]).signature).toBe(setIn(root, [stage('a', ['x'])]).signature);
    expect(setIn(root, [stage('a', ['x'])]).signature).not.toBe(setIn(root, [stage('a', ['y'])]).signature);
  });
});
