// renderMermaid: stateDiagram-v2 text that mermaid's grammar accepts, with guards as edge labels.
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../src/compile/index.js';
import { mermaidText, renderMermaid } from '../../src/viz/index.js';
import { agentLoop } from '../compile/builders.js';
import { GOLDEN_CASES } from '../compile/cases.js';
import { nastyPipeline } from './nasty.js';

/** The statement forms of mermaid's stateDiagram grammar (stateDiagram.jison) that we emit. */
const STATEMENTS = [
  /^stateDiagram-v2$/,
  /^state "[^"\n]*" as \w+( \{)?$/,
  /^\}$/,
  /^--$/,
  /^\w+ : [^:;\n]+$/,
  /^(\w+|\[\*\]) --> (\w+|\[\*\])( : [^:;\n]+)?$/,
  /^classDef \w+ [^\s;]+$/,
  /^class \w+(,\w+)* \w+$/,
];
const KEYWORD_ID = /^(state|note|class|classdef|scale|direction|end|default\w*|statediagram\w*|acctitle\w*|accdescr\w*)$/i;

/** Throws unless every line is one statement mermaid accepts and every state id is safe. */
function checkMermaid(text: string): void {
  let depth = 0;
  for (const raw of text.trimEnd().split('\n')) {
    // Mermaid swaps entity codes (#quot; #35; ...) for placeholders before it parses.
    const line = raw.trim().replace(/#\w+;/g, 'ENTITY');
    if (!STATEMENTS.some((form) => form.test(line))) throw new Error(`not a mermaid statement: ${line}`);
    // Any other `#` would start a comment.
    if (!line.startsWith('classDef') && line.includes('#')) throw new Error(`stray # in: ${line}`);
    for (const id of line.match(/(?<=^| |,)\w+(?= -->|$| \{| :)/g) ?? []) {
      if (KEYWORD_ID.test(id) && !line.startsWith('class')) throw new Error(`keyword used as id: ${line}`);
    }
    if (line.endsWith('{')) depth++;
    if (line === '}') depth--;
    if (depth < 0) throw new Error('unbalanced braces');
  }
  if (depth !== 0) throw new Error('unbalanced braces');
}

describe('renderMermaid', () => {
  it('shows the route guard as the edge label of the agent loop', () => {
    const text = renderMermaid(compilePipeline(agentLoop()).machine);
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(text).toContain("  evaluate --> execute : outputs.signal == 'fail'\n");
    expect(text).toContain('  evaluate --> needs_review : max_visits 3\n');
    expect(text).toContain('  evaluate --> reflect : done\n');
    expect(text).toContain('  [*] --> interview\n');
  });

  it('emits only statements mermaid accepts, for every golden case and awkward ids and labels', () => {
    const machines = [...Object.values(GOLDEN_CASES).map((build) => build().pipeline), nastyPipeline()];
    for (const p of machines) checkMermaid(renderMermaid(compilePipeline(p).machine));
    const overlay = { stages: { state: { status: 'succeeded' }, 'a-b': { status: 'weird status!' } }, current: ['note'] };
    checkMermaid(renderMermaid(compilePipeline(nastyPipeline()).machine, overlay));
  });

  it('maps ids to safe unique names and shows the original id as the label', () => {
    const text = renderMermaid(compilePipeline(nastyPipeline()).machine);
    expect(text).toContain('state "default-stage" as s_default_stage\n');
    expect(text).toContain('state "state" as s_state\n');
    expect(text).toContain('state "note [parallel#58; 3 branches]" as s_note {');
    expect(text).toContain('state "a-b [agent#58; evaluate]" as note_a_b {');
    expect(text).toContain('state "a_b [agent#58; reflect]" as note_a_b_2 {');
    expect(text).toContain('state "class [true]" as note_class {');
  });

  it('escapes quotes, brackets, <>, #, ; and : in labels, and keeps them on one line', () => {
    expect(mermaidText('a "b" <c> {d} #e; f: g%\nh & i')).toBe('a #quot;b#quot; #lt;c#gt; #123;d#125; #35;e#59; f#58; g#37; h #amp; i');
    const text = renderMermaid(compilePipeline(nastyPipeline()).machine);
    expect(text).toContain("judge --> s_state : outputs.verdict == #quot;fail#quot; #amp;#amp; stages[#quot;a-b#quot;].outputs.text != '#lt;none#gt;'\n");
    expect(text).toContain("judge --> s_default_stage : outputs.note == 'a#59;b#58;c#35;d'\n");
  });

  it('colours stages by run status with classDef and class, and marks current stages', () => {
    const { machine } = compilePipeline(agentLoop());
    const text = renderMermaid(machine, {
      stages: { interview: { status: 'succeeded' }, execute: { status: 'succeeded', attempts: 2 }, evaluate: { status: 'running' } },
      current: ['evaluate'],
    });
    expect(text).toContain('state "execute (succeeded, 2 attempts)" as execute\n');
    expect(text).toContain('  classDef succeeded fill:#d4edda,stroke:#28a745,color:#000\n');
    expect(text).toContain('  class interview,execute succeeded\n');
    expect(text).toContain('  class evaluate running\n');
    expect(text).toContain('  class evaluate current\n');
    expect(renderMermaid(machine)).not.toContain('classDef');
  });

  it('is deterministic', () => {
    const p = nastyPipeline();
    expect(renderMermaid(compilePipeline(p).machine)).toBe(renderMermaid(compilePipeline(nastyPipeline()).machine));
  });
});
