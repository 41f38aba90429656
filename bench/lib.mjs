// Shared bench helpers: timing, tables and temporary projects.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Milliseconds taken by an async function. */
export async function timeMs(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median time of `runs` runs of fn (after one warm-up run). */
export async function medianMs(fn, runs = 5) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await timeMs(fn));
  return median(times);
}

/** Prints rows as an aligned table; the first row is the header. */
export function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, row] of rows.entries()) {
    console.log(
      row
        .map((cell, c) => String(cell).padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** A temporary project directory with an orchestrator.yaml and the given files. */
export function tempProject(files) {
  const dir = mkdtempSync(join(tmpdir(), 'flowstate-bench-'));
  writeFileSync(join(dir, 'orchestrator.yaml'), 'version: 1\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** YAML of a pipeline with n sequential stages running `command` (an argv list). */
export function sequentialPipeline(name, n, command = ['true']) {
  const lines = ['version: 1', `name: ${name}`, 'stages:'];
  for (let i = 0; i < n; i++) lines.push(`  s${i}:`, `    run: ${JSON.stringify(command)}`);
  return `${lines.join('\n')}\n`;
}

/** ms formatted with 2 decimals. */
export const fmt = (ms) => ms.toFixed(2);

/** The machine's load average and core count, to print beside figures. */
export function loadNote() {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} cores`;
}

/** "yes" / "NO" for a budget check. */
export const verdict = (ok) => (ok ? 'yes' : 'NO');
