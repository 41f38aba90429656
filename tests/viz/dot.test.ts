// renderDot: Graphviz accepts it (dot -Tsvg), clusters for compound states, escaped labels.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../src/compile/index.js';
import { dotString, renderDot } from '../../src/viz/index.js';
import { agentLoop } from '../compile/builders.js';
import { GOLDEN_CASES } from '../compile/cases.js';
import { nastyPipeline } from './nasty.js';

const HAS_DOT = spawnSync('dot', ['-V']).status === 0;
const NO_DOT = 'graphviz `dot` is not installed (apt-get install -y graphviz): skipping the dot -Tsvg checks';
if (!HAS_DOT) console.warn(NO_DOT);

/** Runs `dot -Tsvg` on the text; returns its stderr, throws when dot rejects the input. */
function dotToSvg(text: string): { svg: string; stderr: string } {
  const result = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dot rejected the graph: ${result.stderr}`);
  return { svg: result.stdout, stderr: result.stderr };
}

describe('renderDot', () => {
  it('escapes backslashes, quotes and newlines in DOT strings', () => {
    expect(dotString('a "b" \\n <c>\nd')).toBe('"a \\"b\\" \\\\n <c>\\nd"');
  });

  it('draws compound stages as clusters entered through a point, with lhead on edges into them', () => {
    const text = renderDot(compilePipeline(agentLoop()).machine);
    expect(text).toContain('  subgraph "cluster_evaluate" {\n');
    expect(text).toContain('    "evaluate.[*]" [shape=point, label=""];\n');
    expect(text).toContain('  "execute" -> "evaluate.[*]" [label="done", lhead="cluster_evaluate"];\n');
    expect(text).toContain('  "evaluate.run" -> "execute" [label="outputs.signal == \'fail\'"];\n');
    expect(text).toContain('  "evaluate.enter" -> "needs_review" [label="max_visits 3"];\n');
    expect(text).toContain('  "succeeded" [label="succeeded", peripheries=2];\n');
  });

  it('fills stages by run status and thickens current ones', () => {
    const overlay = { stages: { interview: { status: 'succeeded' }, evaluate: { status: 'failed', attempts: 3 } }, current: ['evaluate'] };
    const text = renderDot(compilePipeline(agentLoop()).machine, overlay);
    expect(text).toContain('"interview" [label="interview\\nagent: interview\\n[succeeded]", style="rounded,filled", fillcolor="#d4edda", color="#28a745"];');
    expect(text).toContain('    label="evaluate\\nagent: evaluate\\n[failed, 3 attempts]";\n    style="rounded,filled";\n    fillcolor="#f8d7da";');
    expect(text).toContain('    penwidth=3;\n');
  });

  describe.skipIf(!HAS_DOT)('dot -Tsvg', () => {
    it('accepts every golden case, with and without an overlay, without warnings', () => {
      for (const [name, build] of Object.entries(GOLDEN_CASES)) {
        const { pipeline, overlay } = build();
        const { machine } = compilePipeline(pipeline);
        for (const text of [renderDot(machine), renderDot(machine, overlay)]) {
          const { svg, stderr } = dotToSvg(text);
          expect(svg, name).toContain('<svg');
          expect(stderr, name).toBe('');
        }
      }
    });

    it('accepts awkward ids and labels and shows them verbatim', () => {
      const overlay = { stages: { state: { status: 'succeeded' }, 'a-b': { status: 'odd "status"' } }, current: ['note'] };
      const { svg, stderr } = dotToSvg(renderDot(compilePipeline(nastyPipeline()).machine, overlay));
      expect(stderr).toBe('');
      expect(svg).toContain('outputs.note == &#39;a;b:c#d&#39;');
      expect(svg).toContain('&lt;z&gt; 100% &amp; \\\\ done');
    });
  });
});
