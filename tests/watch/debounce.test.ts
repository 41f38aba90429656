import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Debouncer } from '../../src/watch/index.js';

describe('Debouncer', () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  const make = (delayMs: number, maxWaitMs: number) => {
    const fire = vi.fn();
    const debouncer = new Debouncer({ delayMs, maxWaitMs, fire, now: () => clock });
    const advance = (ms: number) => {
      clock += ms;
      vi.advanceTimersByTime(ms);
    };
    return { fire, debouncer, advance };
  };

  it('fires once, delayMs after the last of a burst of events', () => {
    const { fire, debouncer, advance } = make(50, 1000);
    for (let i = 0; i < 20; i++) {
      debouncer.poke();
      advance(10);
    }
    expect(fire).not.toHaveBeenCalled();
    advance(39);
    expect(fire).not.toHaveBeenCalled();
    advance(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(debouncer.pending).toBe(false);
  });

  it('fires at maxWaitMs after the first event when events never stop', () => {
    const { fire, debouncer, advance } = make(50, 200);
    for (let i = 0; i < 30; i++) {
      debouncer.poke();
      advance(10);
    }
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('counts the delay from when an event happened, not from when it was heard of', () => {
    const { fire, debouncer, advance } = make(50, 1000);
    advance(100);
    debouncer.poke(clock - 10);
    advance(39);
    expect(fire).not.toHaveBeenCalled();
    advance(1);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('waits for the longest quiet time an event of the burst asked for, then goes back to the default', () => {
    const { fire, debouncer, advance } = make(20, 1000);
    debouncer.poke();
    advance(5);
    debouncer.poke(undefined, 50); // e.g. the pipeline file changed
    advance(5);
    debouncer.poke(); // the burst's last event: 50 ms of quiet from here
    advance(49);
    expect(fire).not.toHaveBeenCalled();
    advance(1);
    expect(fire).toHaveBeenCalledTimes(1);
    debouncer.poke();
    advance(19);
    expect(fire).toHaveBeenCalledTimes(1);
    advance(1);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('cancel drops the waiting events, flush fires them now', () => {
    const { fire, debouncer, advance } = make(50, 1000);
    debouncer.poke();
    debouncer.cancel();
    advance(100);
    expect(fire).not.toHaveBeenCalled();
    debouncer.poke();
    debouncer.flush();
    expect(fire).toHaveBeenCalledTimes(1);
    advance(100);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('keeps waiting while settled() finds unreported changes, but never past the max-wait', () => {
    let unheard = 2;
    const fire = vi.fn();
    const debouncer: Debouncer = new Debouncer({
      delayMs: 50,
      maxWaitMs: 400,
      fire,
      now: () => clock,
      settled: () => (unheard-- > 0 ? (debouncer.poke(), false) : true),
    });
    debouncer.poke();
    clock += 50;
    vi.advanceTimersByTime(50);
    expect(fire).not.toHaveBeenCalled();
    clock += 100;
    vi.advanceTimersByTime(100);
    expect(fire).toHaveBeenCalledTimes(1);
    unheard = Infinity;
    debouncer.poke();
    for (let t = 0; t < 400; t += 50) {
      clock += 50;
      vi.advanceTimersByTime(50);
    }
    expect(fire).toHaveBeenCalledTimes(2);
  });
});
