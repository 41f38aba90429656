// Finds where a path of the loaded data (e.g. ['stages', 'build', 'retry', 'max']) is written
// in the YAML source, so every problem is reported at `file:line:col`.
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../errors/index.js';
import { diagnosticAt, type LineCol } from './diagnostics.js';
import type { KeyPosition } from './fast-yaml.js';
import { scalarSourceOffset } from './scalar-offsets.js';
import { nodeStart } from './yaml-structure.js';
import type { YamlSource } from './yaml-source.js';

/** A path into the loaded data: mapping keys and list indexes. */
export type DocPath = readonly (string | number)[];

/** A problem before it has a position: where (key or value of `path`) and what. */
export interface Problem {
  path: DocPath;
  /** `key`: the key of the last path segment; `value`: its value. */
  at: 'key' | 'value';
  message: string;
  severity?: Diagnostic['severity'];
  /** For `at: 'value'` on a string: the character offset inside the value (expression tokens). */
  offset?: number;
}

interface Located {
  key?: Node;
  value?: Node | null;
}

/** Resolves paths and problems of one YAML source into positions and diagnostics. */
export class SourceMap {
  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(readonly source: YamlSource) {}

  /** The display path of the file. */
  get display(): string {
    return this.source.display;
  }

  /** Turns a problem into a positioned diagnostic. */
  diagnostic(problem: Problem): Diagnostic {
    return diagnosticAt(this.source.display, this.position(problem), problem.message, problem.severity ?? 'error');
  }

  /** Line and column of a problem (falls back to the closest enclosing node that exists). */
  position(problem: Pick<Problem, 'path' | 'at' | 'offset'>): LineCol {
    const known = problem.at === 'key' ? this.keyPosition(problem.path) : undefined;
    if (known) return known;
    const found = this.locate(problem.path);
    const lines = this.source.lines;
    if (problem.at === 'key' || !hasSource(found.value)) {
      return lines.linePos(found.key ? nodeStart(found.key) : nodeStart(this.source.doc.contents));
    }
    const value = found.value as Node;
    if (problem.offset !== undefined && isScalar(value)) {
      return lines.linePos(scalarSourceOffset(this.source.text, value, problem.offset));
    }
    return lines.linePos(nodeStart(value));
  }

  /** A key's position from the fast reader's index, when every segment of the path is a mapping key it read. */
  private keyPosition(path: DocPath): LineCol | undefined {
    let index = this.source.keys;
    let found: KeyPosition | undefined;
    for (const segment of path) {
      found = index?.get(String(segment));
      if (!found) return undefined;
      index = found.children;
    }
    return found && { line: found.line, col: found.col };
  }

  /** Key -> pair of a mapping, indexed once (large pipelines look up thousands of paths). */
  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let index = this.pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (name !== undefined && !index.has(name)) index.set(name, pair);
      }
      this.pairIndex.set(map, index);
    }
    return index;
  }

  private locate(path: DocPath): Located {
    const doc = this.source.doc;
    let node: unknown = doc.contents;
    let key: Node | undefined;
    for (const segment of path) {
      const container = isAlias(node) ? node.resolve(doc) : node;
      if (isMap(container)) {
        const pair = this.pairsOf(container).get(String(segment));
        if (!pair) return { key, value: null };
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(container) && Number(segment) < container.items.length) {
        node = container.items[Number(segment)];
        key = node as Node;
      } else {
        return { key, value: null };
      }
    }
    return { key, value: node as Node | null };
  }
}

/** False for missing values and empty scalars (`key:` with nothing after it). */
function hasSource(node: Node | null | undefined): boolean {
  if (!node || !node.range) return false;
  return !(isScalar(node) && node.value === null && node.range[0] === node.range[1]);
}
