// Glob patterns (relative to the project root) as matchers and as directories to watch.
// chokidar 5 has no globs: it watches directories, and these matchers decide what counts.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { isDynamicPattern } from 'tinyglobby';

/** Tests a root-relative path with `/` separators. */
export type PathMatcher = (rel: string) => boolean;

/** A directory to watch for a pattern: recursive, or only its direct entries. */
export interface WatchRoot {
  /** The directory the pattern lives in (may not exist yet). */
  dir: string;
  recursive: boolean;
}

/** A pattern without a leading `./`. */
function clean(pattern: string): string {
  return pattern.replace(/^(\.\/)+/, '');
}

/** A literal path also matches everything under it (it may name a directory). */
function withContents(pattern: string): string[] {
  return isDynamicPattern(pattern) ? [pattern] : [pattern, `${pattern.replace(/\/+$/, '')}/**`];
}

/** One matcher for a list of patterns: true when some positive pattern matches and no `!` pattern does. */
export function globMatcher(patterns: readonly string[]): PathMatcher {
  const positives = patterns
    .filter((p) => !p.startsWith('!'))
    .map(clean)
    .flatMap(withContents);
  const negatives = patterns
    .filter((p) => p.startsWith('!'))
    .map((p) => clean(p.slice(1)))
    .flatMap(withContents);
  if (positives.length === 0) return () => false;
  const yes = picomatch(positives, { dot: true });
  const no = negatives.length > 0 ? picomatch(negatives, { dot: true }) : () => false;
  return (rel) => yes(rel) && !no(rel);
}

/** The directory a pattern's matches live under, and whether they can lie deeper than its entries. */
export function watchRootOf(root: string, pattern: string): WatchRoot | null {
  if (pattern.startsWith('!')) return null;
  const cleaned = clean(pattern);
  if (!isDynamicPattern(cleaned)) {
    const abs = resolve(root, cleaned);
    return isDirectory(abs) ? { dir: abs, recursive: true } : { dir: dirname(abs), recursive: false };
  }
  const scan = picomatch.scan(cleaned);
  const glob = scan.glob;
  return { dir: resolve(root, scan.base || '.'), recursive: glob.includes('**') || glob.includes('/') };
}

/** True when the path is an existing directory. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest existing ancestor of a directory (itself when it exists): what chokidar can watch. */
export function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

/** True when `path` is `dir` or lies inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A path relative to the root with `/` separators (what patterns are matched against). */
export function toRel(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}
