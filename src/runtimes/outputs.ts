// Reads the FLOWSTATE_OUTPUT file a stage wrote: one JSON object, or `key=value` lines.
import { readFileSync, statSync } from 'node:fs';
import type { Outputs } from '../model/index.js';

const MAX_OUTPUT_BYTES = 1024 * 1024;

/** A FLOWSTATE_OUTPUT file that is neither `key=value` lines nor one JSON object: the stage that wrote it fails. */
export class OutputFileError extends Error {
  constructor(message: string) {
    super(`$FLOWSTATE_OUTPUT ${message}`);
    this.name = 'OutputFileError';
  }
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const SHOWN_LINE_CHARS = 80;

/** Parses output text: one JSON object as a whole, else `key=value` lines and `key<<EOF` blocks; anything else throws OutputFileError. */
export function parseOutputText(text: string): Outputs {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) return parseJsonObject(trimmed);
  return parseKeyValueLines(text);
}

/** The whole file as one JSON object. */
function parseJsonObject(text: string): Outputs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OutputFileError(`is not one JSON object: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new OutputFileError('is not one JSON object');
  const forbidden = Object.keys(value).find(isForbiddenKey);
  if (forbidden !== undefined) throw new OutputFileError(`line 1: output key \`${forbidden}\` is not allowed`);
  return { ...value };
}

/** `key=value` lines (GitHub-style `key<<DELIM` multi-line values too); blank lines are ignored, any other line throws. */
function parseKeyValueLines(text: string): Outputs {
  const outputs: Outputs = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const [heredoc, name, delimiter] = /^([^=<]+)<<(\S+)$/.exec(line) ?? [];
    if (heredoc !== undefined && name !== undefined && delimiter !== undefined) {
      const end = lines.indexOf(delimiter, i + 1);
      if (end === -1) throw new OutputFileError(`line ${i + 1}: \`${shown(line)}\` has no closing \`${delimiter}\` line`);
      outputs[checkKey(name, i, line)] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new OutputFileError(`line ${i + 1}: \`${shown(line)}\` is not \`key=value\` (nor \`key<<DELIMITER\`, nor one JSON object)`);
    outputs[checkKey(line.slice(0, eq).trim(), i, line)] = line.slice(eq + 1);
  }
  return outputs;
}

/** A valid output key, or OutputFileError naming the line. */
function checkKey(key: string, index: number, line: string): string {
  if (!KEY.test(key)) throw new OutputFileError(`line ${index + 1}: \`${shown(line)}\`: \`${key}\` is not a valid output key (letters, digits, _ . -)`);
  if (isForbiddenKey(key)) throw new OutputFileError(`line ${index + 1}: output key \`${key}\` is not allowed`);
  return key;
}

/** A line as quoted in a message: shortened. */
function shown(line: string): string {
  return line.length > SHOWN_LINE_CHARS ? `${line.slice(0, SHOWN_LINE_CHARS - 3)}...` : line;
}

/** Keys that could reach the prototype chain when outputs are merged into objects. */
function isForbiddenKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/** Reads and parses a stage's output file; a missing file means no outputs; a malformed or oversized one throws OutputFileError. */
export function readOutputFile(file: string): Outputs {
  // throwIfNoEntry: most stages write no outputs, and a thrown ENOENT costs a stack trace.
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) return {};
  if (size > MAX_OUTPUT_BYTES) throw new OutputFileError(`is larger than ${MAX_OUTPUT_BYTES} bytes (${size}); write big data to a file and output its path`);
  return parseOutputText(readFileSync(file, 'utf8'));
}
