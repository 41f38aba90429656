// Golden files: the compiled machine and its mermaid and dot drawings, per machine shape.
// Regenerate with UPDATE_GOLDENS=1 npx vitest run tests/compile/goldens.test.ts and review the diff.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../src/compile/index.js';
import { renderDot, renderMermaid } from '../../src/viz/index.js';
import { GOLDEN_CASES } from './cases.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/compile');
const UPDATE = process.env.UPDATE_GOLDENS === '1';

function expectGolden(file: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden ${file}: run with UPDATE_GOLDENS=1 and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe.each(Object.entries(GOLDEN_CASES))('golden %s', (name, build) => {
  const dir = path.join(FIXTURES, name);
  const { machine } = compilePipeline(build().pipeline);

  it('compiles to the expected machine.json', () => {
    expectGolden(path.join(dir, 'machine.json'), `${JSON.stringify(machine, null, 2)}\n`);
  });

  it('draws the expected machine.mmd and machine.dot', () => {
    expectGolden(path.join(dir, 'machine.mmd'), renderMermaid(machine));
    expectGolden(path.join(dir, 'machine.dot'), renderDot(machine));
  });
});

const withOverlay = Object.entries(GOLDEN_CASES).filter(([, build]) => build().overlay !== undefined);

describe.each(withOverlay)('golden %s with a run overlay', (name, build) => {
  it('draws the expected overlay.mmd and overlay.dot', () => {
    const { pipeline, overlay } = build();
    const { machine } = compilePipeline(pipeline);
    expectGolden(path.join(FIXTURES, name, 'overlay.mmd'), renderMermaid(machine, overlay));
    expectGolden(path.join(FIXTURES, name, 'overlay.dot'), renderDot(machine, overlay));
  });
});
