// JsonlReader: one event a line, long lines reassembled from exec's 64 KiB pieces,
// malformed lines skipped and noted, nothing fatal.
import { describe, expect, it } from 'vitest';
import { MAX_LINE_PIECE_BYTES } from '../../src/exec/index.js';
import { utf8Boundary } from '../../src/exec/line-splitter.js';
import { JsonlReader } from '../../src/runtimes/agent/jsonl.js';
import type { JsonObject } from '../../src/runtimes/agent/json-fields.js';

function read(lines: string[]): { events: JsonObject[]; reader: JsonlReader } {
  const events: JsonObject[] = [];
  const reader = new JsonlReader('cli', (event) => events.push(event));
  for (const line of lines) reader.push(line);
  reader.end();
  return { events, reader };
}

/** Cuts a line the way exec does: pieces of at most 64 KiB, never inside a UTF-8 sequence. */
function pieces(line: string): string[] {
  let rest = Buffer.from(line);
  const out: string[] = [];
  while (rest.length > MAX_LINE_PIECE_BYTES) {
    const cut = utf8Boundary(rest, MAX_LINE_PIECE_BYTES);
    out.push(rest.subarray(0, cut).toString('utf8'));
    rest = rest.subarray(cut);
  }
  out.push(rest.toString('utf8'));
  return out;
}

describe('JsonlReader', () => {
  it('hands over each JSON object line and ignores blank lines', () => {
    const { events, reader } = read(['{"type":"a"}', '', '  ', '{"type": "b", "n": 1}']);
    expect(events).toEqual([{ type: 'a' }, { type: 'b', n: 1 }]);
    expect(reader.skippedCount()).toBe(0);
  });

  it('skips lines that are not JSON objects and notes them with their line number', () => {
    const { events, reader } = read(['{"type":"a"}', 'plain text', '[1,2]', '42', '{"type":"a"', '{"type":"z"}']);
    expect(events).toEqual([{ type: 'a' }, { type: 'z' }]);
    expect(reader.skippedCount()).toBe(4);
    expect(reader.notes()[0]).toBe('cli: skipped malformed output line 2: plain text');
    expect(reader.notes()[3]).toBe('cli: skipped malformed output line 5: {"type":"a"');
  });

  it('describes at most five skipped lines and counts the rest', () => {
    const { reader } = read(Array.from({ length: 8 }, (_, i) => `junk ${i}`));
    expect(reader.notes()).toHaveLength(6);
    expect(reader.notes()[5]).toBe('cli: 3 more malformed line(s) skipped');
  });

  it('reassembles an event longer than 64 KiB from its pieces, multi-byte text included', () => {
    const text = 'é—✓'.repeat(60_000);
    const line = JSON.stringify({ type: 'item.completed', item: { type: 'agent_message', text } });
    const split = pieces(line);
    expect(split.length).toBeGreaterThan(2);
    const { events, reader } = read(['{"type":"first"}', ...split, '{"type":"last"}']);
    expect(events.map((e) => e.type)).toEqual(['first', 'item.completed', 'last']);
    expect((events[1].item as JsonObject).text).toBe(text);
    expect(reader.skippedCount()).toBe(0);
  });

  it('a malformed full-size piece followed by a good event: skips one, keeps the event', () => {
    const junk = 'x'.repeat(MAX_LINE_PIECE_BYTES);
    const { events, reader } = read([junk, '{"type":"ok"}']);
    expect(events).toEqual([{ type: 'ok' }]);
    expect(reader.skippedCount()).toBe(1);
  });

  it('a long malformed line counts once', () => {
    const { events, reader } = read([...pieces(`{"broken": "${'y'.repeat(150_000)}`), '{"type":"ok"}']);
    expect(events).toEqual([{ type: 'ok' }]);
    expect(reader.skippedCount()).toBe(1);
  });

  it('an unfinished long event at the end of the stream is skipped', () => {
    const cut = pieces(JSON.stringify({ type: 'result', text: 'z'.repeat(100_000) }));
    const { events, reader } = read(cut.slice(0, -1));
    expect(events).toEqual([]);
    expect(reader.skippedCount()).toBe(1);
  });
});
