// Reads the FLOWSTATE_OUTPUT file a stage wrote: one JSON object, or `key=value` lines.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Outputs } from '../model/index.js';

const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Parses output text: a JSON object as a whole, else `key=value` lines and `key<<EOF` blocks. */
export function parseOutputText(text: string): Outputs {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...value };
    } catch {
      // not JSON after all: fall through to key=value lines
    }
  }
  return parseKeyValueLines(text);
}

/** `key=value` lines (GitHub-style `key<<DELIM` multi-line values too); other lines are ignored. */
function parseKeyValueLines(text: string): Outputs {
  const outputs: Outputs = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([A-Za-z_][A-Za-z0-9_.-]*)<<(\S+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      const stop = end === -1 ? lines.length : end;
      outputs[heredoc[1]] = lines.slice(i + 1, stop).join('\n');
      i = stop;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) && !isForbiddenKey(key)) outputs[key] = line.slice(eq + 1);
  }
  return outputs;
}

/** Keys that could reach the prototype chain when outputs are merged into objects. */
function isForbiddenKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/** Reads and parses a stage's output file; a missing file means no outputs. */
export function readOutputFile(file: string): Outputs {
  // throwIfNoEntry: most stages write no outputs, and a thrown ENOENT costs a stack trace.
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) return {};
  if (size > MAX_OUTPUT_BYTES) {
    return { error: `output file larger than ${MAX_OUTPUT_BYTES} bytes was ignored` };
  }
  return parseOutputText(readFileSync(file, 'utf8'));
}

/** Rewrites an attempt's output file with secrets masked (its values are journalled already). */
export function redactOutputFile(file: string, redact: (text: string) => string): void {
  let text: string;
  try {
    const size = statSync(file, { throwIfNoEntry: false })?.size;
    if (size === undefined || size > MAX_OUTPUT_BYTES) return;
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const masked = redact(text);
  if (masked !== text) writeFileSync(file, masked);
}
