// Expanding `sources` / `generates` globs (relative to the project root) into files.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve } from 'node:path';

type Tinyglobby = typeof import('tinyglobby');
let tinyglobby: Tinyglobby | undefined;

/** tinyglobby, loaded on first use: runs without `sources`/`generates` never load it (start-up). */
function globber(): Tinyglobby {
  // why: required on demand rather than imported, so the CLI bundle does not evaluate it at start.
  tinyglobby ??= createRequire(import.meta.url)('tinyglobby') as Tinyglobby;
  return tinyglobby;
}

/** Where to look and what never counts as a source. */
export interface ExpandContext {
  /** Project root: patterns are relative to it. */
  root: string;
  /** Absolute directories whose files are never sources (the runs dir). */
  excludeDirs: readonly string[];
}

/** Directories skipped unless a pattern names them explicitly. */
const IMPLICIT_EXCLUDES = ['node_modules', '.git'];

/** A directory as an ignore pattern relative to the root, or null when outside it. */
function ignorePatternOf(root: string, dir: string): string | null {
  const rel = relative(root, dir).split('\\').join('/');
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return `${rel}/**`;
}

/** Ignore patterns for one group of patterns: the excluded dirs, plus node_modules/.git unless named. */
function ignoresFor(ctx: ExpandContext, patterns: readonly string[]): string[] {
  const ignores = ctx.excludeDirs.map((dir) => ignorePatternOf(ctx.root, dir)).filter((p): p is string => p !== null);
  for (const name of IMPLICIT_EXCLUDES) {
    if (!patterns.some((p) => p.includes(name))) ignores.push(`**/${name}/**`);
  }
  return ignores;
}

/**
 * The files matched by `patterns` (`!` negates), as sorted root-relative paths with `/`.
 * A pattern naming a directory matches every file under it.
 */
export function expandSources(ctx: ExpandContext, patterns: readonly string[]): string[] {
  if (patterns.length === 0) return [];
  const files = globber().globSync([...patterns], {
    cwd: ctx.root,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: true,
    ignore: ignoresFor(ctx, patterns),
  });
  return [...new Set(files)].sort();
}

/** The `generates` entries that do not exist: a literal path is missing, a glob matches nothing. */
export function missingGenerates(ctx: ExpandContext, patterns: readonly string[]): string[] {
  return patterns.filter((pattern) => {
    if (pattern.startsWith('!')) return false;
    if (!globber().isDynamicPattern(pattern)) return !existsSync(resolve(ctx.root, pattern));
    return globber().globSync([pattern], { cwd: ctx.root, dot: true, onlyFiles: false }).length === 0;
  });
}
