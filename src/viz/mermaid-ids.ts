// Mermaid-safe state names: stateDiagram-v2 ids must be word characters, unique across the
// whole diagram, and must not be read as one of its keywords.
import type { VizNode } from './graph.js';

/** Names the mermaid lexer would read as keywords when used as a state id. */
const KEYWORDS = new Set(['state', 'note', 'class', 'classdef', 'scale', 'direction', 'end']);
const KEYWORD_PREFIXES = ['default', 'statediagram', 'acctitle', 'accdescr'];

function isKeyword(name: string): boolean {
  const lower = name.toLowerCase();
  return KEYWORDS.has(lower) || KEYWORD_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** Maps every node id to a unique mermaid-safe name, deterministically (in node order). */
export function mermaidIds(nodes: readonly VizNode[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const node of nodes) {
    let base = node.path.map((part) => part.replace(/\W/g, '_')).join('_');
    if (isKeyword(base)) base = `s_${base}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    names.set(node.id, name);
  }
  return names;
}

/** Escapes text for a mermaid label: entity codes for the characters its grammar or HTML reads. */
export function mermaidText(text: string): string {
  const entities: Record<string, string> = {
    '#': '#35;',
    '"': '#quot;',
    ':': '#58;',
    ';': '#59;',
    '<': '#lt;',
    '>': '#gt;',
    '&': '#amp;',
    '{': '#123;',
    '}': '#125;',
    '%': '#37;',
    '\\': '#92;',
  };
  return text.replace(/\r?\n/g, ' ').replace(/[#":;<>&{}%\\]/g, (ch) => entities[ch] ?? ch);
}
