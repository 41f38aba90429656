// The reporter registry: reporters by name, fed through one function; run.started also reaches
// the onRunStart hook, before onEvent sees it.
import { describe, expect, it } from 'vitest';
import type { JournalEvent, RunStartedEvent } from '../../src/model/index.js';
import { createReporter, deliverEvent, isReporterName, REPORTERS, type Reporter } from '../../src/reporters/index.js';
import { collectingStream, SUCCESS_GOLDEN, SUCCESS_RUN } from './fixtures.js';

describe('the reporter registry', () => {
  it('names every reporter, and only those', () => {
    expect(Object.keys(REPORTERS).sort()).toEqual(['json', 'plain']);
    expect(isReporterName('plain')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });

  it('creates the plain reporter by name: the same output as before the registry', () => {
    const { stream, text } = collectingStream();
    const reporter = createReporter('plain', { out: stream, color: false });
    for (const event of SUCCESS_RUN) deliverEvent(reporter, event);
    reporter.close();
    expect(text()).toBe(SUCCESS_GOLDEN);
  });

  it('calls onRunStart with the run.started event once, before onEvent gets it', () => {
    const calls: string[] = [];
    let started: RunStartedEvent | undefined;
    const reporter: Reporter = {
      onRunStart: (event) => {
        started = event;
        calls.push(`start:${event.seq}`);
      },
      onEvent: (event: JournalEvent) => calls.push(`${event.type}:${event.seq}`),
      close: () => undefined,
    };
    for (const event of SUCCESS_RUN) deliverEvent(reporter, event);
    expect(started).toBe(SUCCESS_RUN[0]);
    expect(calls.slice(0, 3)).toEqual(['start:1', 'run.started:1', 'stage.started:2']);
    expect(calls.filter((c) => c.startsWith('start:'))).toHaveLength(1);
  });
});
