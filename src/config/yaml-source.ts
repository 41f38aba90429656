// Reads YAML text into a document that keeps node ranges, and reports every problem with the
// text itself (size, syntax, tabs, duplicate keys, tags, aliases, top-level shape) as diagnostics.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { Diagnostic } from '../errors/index.js';
import { diagnosticAt } from './diagnostics.js';
import { readFastYaml, type KeyIndex } from './fast-yaml.js';
import { checkStructure, firstAlias, nodeStart } from './yaml-structure.js';

/** Largest file flowstate reads (pipelines and orchestrator.yaml are small by nature). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Alias expansions allowed per document: enough for reuse, too few for a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

/** A parsed YAML file whose top level is a mapping. */
export interface YamlSource {
  /** Absolute path. */
  file: string;
  /** The path as diagnostics show it. */
  display: string;
  text: string;
  /** The `yaml` Document with source ranges (built on first use when the fast reader read the file). */
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** The document as plain data. */
  value: Record<string, unknown>;
  /** Positions of mapping keys, when the fast reader read the file (see fast-yaml.ts). */
  keys?: KeyIndex;
}

const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, resolveKnownTags: false } as const;

export type YamlReadResult = { ok: true; source: YamlSource } | { ok: false; diagnostics: Diagnostic[] };

/** Parses `text`; `kind` names the file in messages ("a pipeline", "orchestrator.yaml"). */
export function readYamlSource(text: string, file: string, display: string, kind: string): YamlReadResult {
  const fail = (line: number, col: number, message: string): YamlReadResult => ({
    ok: false,
    diagnostics: [diagnosticAt(display, { line, col }, message)],
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    return fail(1, 1, `file is too large (${(bytes / MAX_FILE_BYTES).toFixed(1)} MiB); the limit is 1 MiB`);
  }
  const fast = readFastYaml(text);
  if (fast) return { ok: true, source: lazySource(text, file, display, fast.value, fast.keys) };
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, ...PARSE_OPTIONS });
  } catch (error) {
    // The yaml library reports problems in doc.errors; this is a last resort for the unforeseen.
    return fail(1, 1, `YAML could not be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const diagnostics = [
    ...doc.errors.map((e) => yamlDiagnostic(e, lines, display)),
    ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED').map((w) => tagDiagnostic(w, text, lines, display)),
    ...checkStructure(doc, lines).map((p) => diagnosticAt(display, lines.linePos(p.offset), p.message)),
  ];
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  if (doc.contents === null || (doc.contents as { value?: unknown }).value === null) {
    return fail(1, 1, `the file is empty: ${kind} needs at least \`version\`${kind === 'a pipeline' ? ', `name` and `stages`' : ''}`);
  }
  if (!isMap(doc.contents)) {
    const found = isSeq(doc.contents) ? 'a list' : 'a single value';
    const at = lines.linePos(nodeStart(doc.contents));
    return fail(at.line, at.col, `${kind} file must be a mapping of keys to values, found ${found}`);
  }
  return toPlainData(doc, text, file, display, lines);
}

/** A source read by the fast reader: the positioned Document is parsed only if a message needs more than a key's position. */
function lazySource(text: string, file: string, display: string, value: Record<string, unknown>, keys: KeyIndex): YamlSource {
  let parsed: { doc: Document.Parsed; lines: LineCounter } | undefined;
  const positioned = () => {
    if (!parsed) {
      const lines = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter: lines, ...PARSE_OPTIONS }), lines };
    }
    return parsed;
  };
  return {
    file,
    display,
    text,
    value,
    keys,
    get doc() {
      return positioned().doc;
    },
    get lines() {
      return positioned().lines;
    },
  };
}

function toPlainData(doc: Document.Parsed, text: string, file: string, display: string, lines: LineCounter): YamlReadResult {
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
    return { ok: true, source: { file, display, text, doc, lines, value } };
  } catch (error) {
    const alias = firstAlias(doc);
    const at = lines.linePos(alias ? nodeStart(alias) : 0);
    const reason = error instanceof Error ? error.message : String(error);
    const message = /excessive alias count/i.test(reason)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): refusing a possible "billion laughs" document`
      : `YAML aliases could not be resolved: ${lowerFirst(reason)}`;
    return { ok: false, diagnostics: [diagnosticAt(display, at, message)] };
  }
}

function yamlDiagnostic(error: YAMLError, lines: LineCounter, display: string): Diagnostic {
  const at = lines.linePos(error.pos[0]);
  return diagnosticAt(display, at, yamlMessage(error));
}

function yamlMessage(error: YAMLError): string {
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'tab characters cannot indent YAML; use spaces';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (`---`); keep one';
    default:
      return `YAML syntax error: ${lowerFirst(error.message.replace(/\.$/, ''))}`;
  }
}

function tagDiagnostic(warning: YAMLError, text: string, lines: LineCounter, display: string): Diagnostic {
  const written = text.slice(warning.pos[0], warning.pos[1]).trim().split(/\s/)[0] || 'tag';
  const message = `unknown tag \`${written}\`: flowstate files use plain YAML values (no tags)`;
  return diagnosticAt(display, lines.linePos(warning.pos[0]), message);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
