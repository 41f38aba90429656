// The fast YAML reader either steps aside or gives exactly what the `yaml` library gives: the
// same data, no problem `yaml` would report, and the same line:col for every mapping key.
// Checked on every YAML file of the repository, on hand-picked edge cases, and on thousands of
// generated documents mixing the forms each reader treats differently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { readFastYaml, type KeyIndex, type KeyPosition } from '../../src/config/fast-yaml.js';
import { checkStructure } from '../../src/config/yaml-structure.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** What `yaml` (as flowstate configures it) makes of the text: data, whether it reports anything, key positions. */
function slowRead(text: string): { clean: boolean; value: unknown; keys: KeyIndex | undefined } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, resolveKnownTags: false });
  const clean = doc.errors.length === 0 && doc.warnings.length === 0 && checkStructure(doc, lines).length === 0 && isMap(doc.contents);
  return { clean, value: clean ? doc.toJS() : undefined, keys: clean ? keyIndexOf(doc.contents, lines) : undefined };
}

/** The key positions of a `yaml` mapping, in the fast reader's shape. */
function keyIndexOf(node: unknown, lines: LineCounter): KeyIndex | undefined {
  if (!isMap(node)) return undefined;
  const index: KeyIndex = new Map();
  for (const pair of node.items) {
    const key = pair.key as Node;
    const at = lines.linePos(key.range?.[0] ?? 0);
    const children = keyIndexOf(pair.value, lines);
    index.set(String(isScalar(key) ? key.value : key), children ? { ...at, children } : at);
  }
  return index;
}

/** Asserts the two readers agree on `text`; returns whether the fast one read it. */
function agree(text: string): boolean {
  const fast = readFastYaml(text);
  if (!fast) return false;
  const slow = slowRead(text);
  expect(slow.clean, `yaml reports a problem the fast reader missed in:\n${text}`).toBe(true);
  expect(fast.value, text).toStrictEqual(slow.value);
  expectSameKeys(fast.keys, slow.keys as KeyIndex, text);
  return true;
}

/** Every key the fast index has (block mappings reached through keys) is where `yaml` puts it, and it misses no block key. */
function expectSameKeys(fast: KeyIndex, slow: KeyIndex, text: string): void {
  expect([...fast.keys()], text).toEqual([...slow.keys()]);
  for (const [key, at] of fast) {
    const expected = slow.get(key) as KeyPosition;
    expect({ line: at.line, col: at.col }, `${key} in\n${text}`).toEqual({ line: expected.line, col: expected.col });
    // Flow mappings ({a: 1}) are not indexed: their keys are located through `yaml`, as before.
    if (at.children) expectSameKeys(at.children, expected.children as KeyIndex, text);
  }
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

describe('fast YAML reader', () => {
  it('agrees with yaml on every YAML file of the repository, and reads most of them', () => {
    const files = yamlFiles(repoRoot);
    const read = files.filter((file) => agree(readFileSync(file, 'utf8')));
    expect(files.length).toBeGreaterThan(50);
    expect(read.length / files.length).toBeGreaterThan(0.5);
  });

  it.each([
    [
      'scalars of every core type',
      'a: 1\nb: -0\nc: 0o17\nd: 0x1F\ne: 1.50\nf: 1e3\ng: .inf\nh: -.Inf\ni: .nan\nj: ~\nk: Null\nl: TRUE\nm: false\nn: +5\no: 007\np: 1_000\nq: yes\nr:\n',
    ],
    ['quoted strings', `a: "x\\ty \\u00e9 \\"q\\""\nb: 'it''s'\nc: "1"   # comment\nd: ''\n`],
    ['flow lists and maps', 'a: [x, "y z", 3, true, null]\nb: []\nc: { type: string, default: hi }\nd: {}\ne: [0x10, .5, ~]\n'],
    ['nested blocks and lists', 'a:\n  b:\n    - x\n    - y: 1\n      z: [1]\n    -\n      w: 2\n    - - p\n      - q\nc:\n- 1\n- 2\nd: e\n'],
    ['literal blocks', 'a: |\n  line 1\n\n    indented\n  last\n\n\nb: |-\n  kept\n  # not a comment\nc:\n  - |\n    in a list\n'],
    ['comments everywhere', '# top\na: 1 # after\n  # indented comment\nb:\n  # before\n  c: "#not" # yes\n'],
    ['keys that are not plain strings', 'true: 1\n'],
    ['numeric keys', '1: a\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['duplicate flow keys', 'a: {x: 1, x: 2}\n'],
    ['tags', 'a: !!str 1\n'],
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['folded blocks', 'a: >\n  x\n  y\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['tabs', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['documents', '---\na: 1\n'],
    ['a missing final newline', 'a: 1'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a list at the top', '- a\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['a quote followed by text', 'a: "x" y\n'],
    ['a big integer', 'a: 12345678901234567890\n'],
    ['merge keys', 'a: 1\n<<: {b: 2}\n'],
    ['escapes JSON does not know', 'a: "\\x41\\e"\n'],
    ['an empty literal block', 'a: |\nb: 1\n'],
  ])('%s: agrees with yaml', (_name, text) => {
    agree(text);
  });

  it('reads the common forms itself (no fallback)', () => {
    for (const text of [
      'version: 1\nname: x\nstages:\n  build:\n    run: ["npm", "test"]\n    needs: [a, b]\n',
      'a: |\n  echo hi\n  echo there\nb: 1\n',
      'env:\n  NODE_ENV: production\n  PORT: 8080\n',
      'a: \'single\'\nb: "double"\n',
      'list:\n  - one\n  - two: 2\n    three: 3\n',
    ]) {
      expect(agree(text), text).toBe(true);
    }
  });

  it('agrees with yaml on thousands of generated documents', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;
    const scalars = [
      'x',
      'a b',
      '1',
      '-1',
      '0o7',
      '0x1A',
      '1.0',
      '1e5',
      '.inf',
      '.NaN',
      '~',
      'null',
      'True',
      'no',
      '"q"',
      "'s'",
      '"a\\nb"',
      "'a''b'",
      '[a, 1]',
      '["x", 2]',
      '{a: 1}',
      '{}',
      '[]',
      'a: b',
      '- x',
      'x #c',
      'x#y',
      '&a x',
      '*a',
      '!t x',
      '>',
      '|',
      '|-',
      '"unclosed',
      'a:b',
      '@x',
      '`x',
      '%x',
      'é',
      'x ',
      '-x',
      '?x',
      '"a" #c',
      '[-e, "x, y"]',
      "{a: 'b', c: d e}",
      '[a, ]',
      '{a: [1]}',
      '["a" ,b]',
      '[a #b]',
      '[ "x" ]',
      '[a:b]',
      "['it''s', 0o7]",
      '{a: "1", a: 2}',
      '{true: 1}',
      '[a]]',
      '"a\\"b"',
    ];
    const keys = ['a', 'b', 'c-d', 'e_f', 'true', '1', '1a', '"q"', 'a b', '? a', '&k a', 'a', 'x.y', '<<'];
    let accepted = 0;
    for (let doc = 0; doc < 3000; doc += 1) {
      const lines: string[] = [];
      const emit = (depth: number, indent: number) => {
        const count = 1 + random(3);
        for (let i = 0; i < count; i += 1) {
          const pad = ' '.repeat(indent + (random(20) === 0 ? 1 : 0));
          const entry = depth > 0 && random(4) === 0 ? '- ' : '';
          const key = `${pick(keys)}:`;
          const kind = random(10);
          if (random(15) === 0) lines.push(`${pad}# comment`);
          if (kind < 2 && depth < 3) {
            lines.push(`${pad}${entry}${key}`);
            emit(depth + 1, indent + 2 + random(2));
          } else if (kind === 2) {
            lines.push(`${pad}${entry}${key} |${random(2) ? '-' : ''}`, `${pad}  text ${random(9)}`, random(2) ? '' : `${pad}    more`);
          } else {
            lines.push(`${pad}${entry}${key} ${pick(scalars)}`);
          }
        }
      };
      emit(0, 0);
      if (agree(`${lines.join('\n')}\n`)) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(300);
  });
});
