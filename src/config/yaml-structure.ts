// Structural checks on a parsed YAML tree that the yaml library does not make for us:
// duplicate keys (with the line of the first one), non-scalar keys, and where aliases are.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { LineCol } from './diagnostics.js';

/** A problem found in the tree, positioned at a source offset. */
export interface StructureProblem {
  offset: number;
  message: string;
}

/** Offset where a node starts in the source, or 0 when the node has no range. */
export function nodeStart(node: unknown): number {
  const range = (node as { range?: readonly number[] | null } | null)?.range;
  return range?.[0] ?? 0;
}

/** Walks every mapping of the document (iteratively: no recursion limit) and reports bad keys. */
export function checkStructure(doc: Document.Parsed, lines: LineCounter): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        problems.push(...checkKey(pair.key, seen, lines));
        stack.push(pair.value);
      }
    }
  }
  return problems.sort((a, b) => a.offset - b.offset);
}

function checkKey(key: unknown, seen: Map<string, number>, lines: LineCounter): StructureProblem[] {
  if (!isScalar(key)) {
    const what = isAlias(key) ? 'an alias' : isMap(key) ? 'a mapping' : isSeq(key) ? 'a list' : 'empty';
    return [{ offset: nodeStart(key), message: `keys must be plain strings, found ${what} as a key` }];
  }
  const name = String(key.value);
  const offset = nodeStart(key);
  const first = seen.get(name);
  if (first === undefined) {
    seen.set(name, offset);
    return [];
  }
  const at: LineCol = lines.linePos(first);
  return [{ offset, message: `duplicate key \`${name}\` (first defined at line ${at.line})` }];
}

/** The first alias node of the document (where an alias bomb is reported), if any. */
export function firstAlias(doc: Document.Parsed): Node | undefined {
  const stack: unknown[] = [doc.contents];
  let found: Node | undefined;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!found || nodeStart(node) < nodeStart(found)) found = node;
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair)) stack.push(pair.key, pair.value);
    }
  }
  return found;
}
