import { describe, expect, it } from 'vitest';
import { renderSummaryTable, stripAnsi } from '../../src/reporters/index.js';

const rows = [
  { stage: 'install', status: 'succeeded', attempts: 1, duration_ms: 12 },
  { stage: 'test', status: 'failed', attempts: 3, duration_ms: 125_000 },
  { stage: 'deploy', status: 'pending', attempts: 0, duration_ms: null },
];

describe('renderSummaryTable', () => {
  it('aligns columns, right-aligns numbers and shows a missing duration as -', () => {
    expect(renderSummaryTable(rows, false)).toBe(
      [
        '  stage    status     attempts  duration',
        '  install  succeeded         1      12ms',
        '  test     failed            3     2m05s',
        '  deploy   pending           0         -',
      ].join('\n'),
    );
  });

  it('adds a reason column only when a row has a reason', () => {
    const withReason = [...rows.slice(0, 2), { ...rows[2], status: 'skipped', reason: 'cached' }];
    const lines = renderSummaryTable(withReason, false).split('\n');
    expect(lines[0]).toBe('  stage    status     attempts  duration  reason');
    expect(lines[1]).toBe('  install  succeeded         1      12ms');
    expect(lines[3]).toBe('  deploy   skipped           0         -  cached');
  });

  it('keeps the alignment when colouring statuses', () => {
    const coloured = renderSummaryTable(rows, true);
    expect(coloured).toContain('\x1b[32msucceeded\x1b[39m');
    expect(coloured).toContain('\x1b[31mfailed   \x1b[39m');
    expect(stripAnsi(coloured)).toBe(renderSummaryTable(rows, false));
  });

  it('renders a header alone for no rows', () => {
    expect(renderSummaryTable([], false)).toBe('  stage  status  attempts  duration');
  });
});
