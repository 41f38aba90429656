// Fan-out of one stage into cells: `matrix:` (cartesian product, include, exclude) or
// `for_each:` over a list. Pure types and the pure expansion; no I/O.
import type { Scalar } from './pipeline.js';

/** `matrix:` axes (each a non-empty list of values) with extra and removed cells. */
export interface MatrixSpec {
  kind: 'matrix';
  axes: Record<string, Scalar[]>;
  include: Record<string, Scalar>[];
  exclude: Record<string, Scalar>[];
}

/** `for_each:` a `${{ }}` expression (or a literal list) whose value must be a list; `as` names one item. */
export interface ForEachSpec {
  kind: 'for_each';
  /** A template string `${{ expr }}` evaluated when the stage starts, or the literal items. */
  items: string | Scalar[];
  as: string;
}

/** How a stage fans out and how many of its cells may run at once. */
export type FanOutSpec = (MatrixSpec | ForEachSpec) & {
  /** At most this many cells at once (undefined: only the run's global limit). */
  maxParallel?: number;
  /** Cancel the running cells and start no more once one fails. */
  failFast: boolean;
};

/** One cell of a fanned-out stage: its id (`test[suite=parse,node=18]`, `shards[3]`) and what it reads. */
export interface Cell {
  id: string;
  /** `matrix.<key>` values of a matrix cell. */
  matrix?: Record<string, Scalar>;
  /** The item of a for_each cell, read as `<as>`. */
  item?: unknown;
}

/** What a cell stage carries: the fanned-out stage it belongs to and its values. */
export interface CellOf {
  parent: string;
  cell: Cell;
  /** `as` of a for_each cell. */
  as?: string;
}

const MAX_VALUE_CHARS = 32;
const MAX_CELL_ID = 128;

/** The fanned-out stage a cell id belongs to (`test` of `test[suite=a]`), or undefined for a plain id. */
export function cellParent(id: string): string | undefined {
  const open = id.indexOf('[');
  return open > 0 && id.endsWith(']') ? id.slice(0, open) : undefined;
}

/** A value as it appears in a cell id: path-safe, short, never `..`. */
function idValue(value: Scalar): string {
  const safe = String(value)
    .replace(/[^A-Za-z0-9._+-]/g, '_')
    .replace(/\.\./g, '._');
  return safe.length > MAX_VALUE_CHARS ? safe.slice(0, MAX_VALUE_CHARS) : safe;
}

/** True when every key of `pattern` has the same value in `combo`. */
function matches(combo: Record<string, Scalar>, pattern: Record<string, Scalar>): boolean {
  return Object.entries(pattern).every(([key, value]) => combo[key] === value);
}

/**
 * The value combinations of a matrix, as GitHub Actions builds them: the product of the axes
 * minus `exclude`; then each `include` entry is added to every product cell whose axis values it
 * does not change, or becomes a cell of its own when it fits none.
 */
export function matrixCombinations(spec: MatrixSpec): Record<string, Scalar>[] {
  const axes = Object.entries(spec.axes);
  let product: Record<string, Scalar>[] = axes.length === 0 ? [] : [{}];
  for (const [key, values] of axes) product = product.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  const kept = product.filter((combo) => !spec.exclude.some((pattern) => matches(combo, pattern)));
  const cells = kept.map((original) => ({ original, values: { ...original } }));
  const extras: Record<string, Scalar>[] = [];
  for (const entry of spec.include) {
    const fits = cells.filter(({ original }) => Object.entries(entry).every(([key, value]) => !(key in original) || original[key] === value));
    for (const cell of fits) Object.assign(cell.values, entry);
    if (fits.length === 0) extras.push({ ...entry });
  }
  return [...cells.map((cell) => cell.values), ...extras];
}

/** The cells of a matrix stage, ids unique and path-safe. */
export function matrixCells(stage: string, spec: MatrixSpec): Cell[] {
  const seen = new Set<string>();
  return matrixCombinations(spec).map((matrix, index) => {
    let id = `${stage}[${Object.entries(matrix)
      .map(([key, value]) => `${key}=${idValue(value)}`)
      .join(',')}]`;
    if (id.length > MAX_CELL_ID || seen.has(id)) id = `${stage}[${index}]`;
    seen.add(id);
    return { id, matrix };
  });
}

/** The cells of a for_each stage over `items`: `shards[0]`, `shards[1]`, ... */
export function forEachCells(stage: string, items: readonly unknown[]): Cell[] {
  return items.map((item, index) => ({ id: `${stage}[${index}]`, item }));
}
