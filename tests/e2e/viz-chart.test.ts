// viz --format svg|html --run/--last through the real CLI: the run drawn on the chart (status
// colours, path steps with visits, current state, durations and attempts, taken routes, skip
// reasons), no secret anywhere, same bytes every time, and clear errors for bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allElements, parseXml, type XmlElement } from '../viz/xml.js';
import { runCli } from './helpers.js';
import { debugProjectWithRun, SECRET } from './viz-fixture.js';

let dir: string;
let runId: string;
let svg: string;
let elements: XmlElement[];

const byId = (id: string): XmlElement => {
  const found = elements.find((e) => e.attrs.id === id);
  if (!found) throw new Error(`no element ${id}`);
  return found;
};
const texts = (id: string): string[] =>
  allElements(byId(id))
    .filter((e) => e.name === 'text')
    .map((e) => e.text);
const shape = (id: string): XmlElement => byId(id).children.find((c) => c.name === 'path' || c.name === 'polygon')!;

beforeAll(() => {
  ({ dir, runId } = debugProjectWithRun());
  const result = runCli(dir, ['viz', 'debug', '--format', 'svg', '--last']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  svg = result.stdout;
  elements = allElements(parseXml(svg));
});

describe('viz --format svg --last: the run overlay', () => {
  it('colours each stage by status and says why, with attempts and durations', () => {
    expect(byId('state:setup').attrs.class).toContain('status-succeeded');
    expect(shape('state:setup').attrs.fill).toBe('#d4edda');
    expect(texts('state:optional')).toContain('skipped: if_false');
    expect(shape('state:optional').attrs.fill).toBe('#f2f2f2');
    expect(texts('state:flaky').find((t) => t.startsWith('succeeded'))).toMatch(/^succeeded · 2 attempts · \d+(ms|\.\ds)$/);
    expect(texts('state:broken').find((t) => t.startsWith('failed'))).toMatch(/^failed · exit 3 · \d+(ms|\.\ds)$/);
    expect(shape('state:broken').attrs.fill).toBe('#f8d7da');
  });

  it('numbers the path in order and marks where the run ended', () => {
    expect(texts('state:setup')).toContain('#1');
    expect(texts('state:flaky')).toContain('#3');
    expect(texts('state:broken')).toContain('#4');
    expect(texts('state:cleanup')).toContain('#5');
    expect(byId('state:failed').attrs.class).toContain('current');
    expect(texts('state:failed')).toContain('run failed');
    expect(byId('state:succeeded').attrs.class).not.toContain('current');
  });

  it('draws each route taken with the step it led into; its label says why', () => {
    const taken = elements.filter((e) => e.attrs.id?.startsWith('edge:') && e.attrs.class.includes('taken'));
    const described = taken.map((e) => `${e.children.find((c) => c.name === 'title')?.text} ${texts(e.attrs.id).join(' ')}`);
    expect(described.sort()).toEqual([
      'broken->cleanup on_failure →#5',
      'cleanup->failed default → fail',
      'flaky->broken next →#4',
      'optional.skip->flaky skipped →#3',
      'setup->optional.[*] next →#2',
    ]);
    expect(elements.find((e) => e.attrs.id === 'legend')).toBeDefined();
  });

  it('never shows a secret, and gives the same bytes every time (svg and html)', () => {
    expect(svg).not.toContain(SECRET);
    const again = runCli(dir, ['viz', 'debug', '--format', 'svg', '--run', runId]);
    expect(again.stdout).toBe(svg);
    const first = runCli(dir, ['viz', 'debug', '--format', 'html', '--last', '-o', 'one.html']);
    const second = runCli(dir, ['viz', 'debug', '--format', 'html', '--last', '-o', 'two.html']);
    expect([first.code, second.code]).toEqual([0, 0]);
    const html = readFileSync(join(dir, 'one.html'), 'utf8');
    expect(readFileSync(join(dir, 'two.html'), 'utf8')).toBe(html);
    expect(html).not.toContain(SECRET);
    expect(html).toContain('"token":"***"'); // the masked output is there, the value is not
  });

  it('refuses bad input with exit 2 and a clear message', () => {
    const both = runCli(dir, ['viz', 'debug', '--format', 'svg', '--run', runId, '--last']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --run RUN or --last, not both');
    const missing = runCli(dir, ['viz', 'debug', '--format', 'html', '--run', '20990101-000000-zzzz']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*20990101-000000-zzzz/);
    const traversal = runCli(dir, ['viz', 'debug', '--format', 'svg', '--run', '../../etc']);
    expect(traversal.code).toBe(2);
    expect(traversal.stderr).not.toContain('    at ');
  });
});
