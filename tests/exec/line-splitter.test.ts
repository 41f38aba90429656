import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, utf8Boundary, type BlockKind } from '../../src/exec/line-splitter.js';

interface Block {
  text: string;
  kind: BlockKind;
  bytes: number;
}

function split(chunks: Buffer[], maxPieceBytes?: number): Block[] {
  const blocks: Block[] = [];
  const splitter = new LineSplitter((block, kind) => blocks.push({ text: block.toString('utf8'), kind, bytes: block.length }), maxPieceBytes);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return blocks;
}

/** Cuts a buffer at the given offsets (anywhere, also inside UTF-8 characters). */
function cutAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe('LineSplitter', () => {
  it('passes whole lines at once and holds the unfinished one', () => {
    expect(split([Buffer.from('a\nb\npar'), Buffer.from('tial\nend')])).toEqual([
      { text: 'a\nb\n', kind: 'lines', bytes: 4 },
      { text: 'partial\n', kind: 'lines', bytes: 8 },
      { text: 'end', kind: 'last', bytes: 3 },
    ]);
  });

  it('emits nothing for empty output and no last block after a final newline', () => {
    expect(split([])).toEqual([]);
    expect(split([Buffer.from('x\n')])).toEqual([{ text: 'x\n', kind: 'lines', bytes: 2 }]);
  });

  it('cuts a long line into pieces no longer than the limit, at UTF-8 boundaries', () => {
    const blocks = split([Buffer.from('ééééé'), Buffer.from('é\n')], 4);
    expect(blocks.map((block) => block.text)).toEqual(['éé', 'éé', 'éé\n']);
    expect(blocks.map((block) => block.kind)).toEqual(['piece', 'piece', 'lines']);
  });

  it('ends an unfinished line that was cut exactly at the limit with a last block', () => {
    const blocks = split([Buffer.from('abcdefgh')], 4);
    expect(blocks.at(-1)?.kind).toBe('last');
    expect(blocks.map((block) => block.text).join('')).toBe('abcdefgh');
  });

  it('keeps every byte in order, whatever the chunking (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '✓', '\n', '\r', '😀'), maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 4, max: 32 }),
        (text, cuts, limit) => {
          const blocks = split(cutAt(Buffer.from(text), cuts), limit);
          expect(blocks.map((block) => block.text).join('')).toBe(text);
          for (const block of blocks) {
            if (block.kind === 'lines') expect(block.text.endsWith('\n')).toBe(true);
            else expect(block.text.includes('\n')).toBe(false);
            if (block.kind === 'piece') expect(block.bytes).toBeLessThanOrEqual(limit);
          }
          expect(blocks.filter((block) => block.kind === 'last').length).toBe(text.length > 0 && !text.endsWith('\n') ? 1 : 0);
        },
      ),
    );
  });
});

describe('utf8Boundary', () => {
  it('moves a cut back to the start of a multi-byte character', () => {
    const bytes = Buffer.from('a✓b'); // ✓ is 3 bytes at offsets 1..3
    expect(utf8Boundary(bytes, 1)).toBe(1);
    expect(utf8Boundary(bytes, 2)).toBe(1);
    expect(utf8Boundary(bytes, 3)).toBe(1);
    expect(utf8Boundary(bytes, 4)).toBe(4);
  });

  it('never returns 0, so callers always make progress', () => {
    expect(utf8Boundary(Buffer.from('✓'), 2)).toBe(2);
  });
});
