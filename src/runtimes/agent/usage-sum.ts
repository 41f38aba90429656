// Accumulates token counts and cost over the events of one attempt.
import type { Usage } from '../../model/index.js';

/** Token and cost totals; `usage()` is undefined until something was counted. */
export class UsageSum {
  private input = 0;
  private output = 0;
  private cost: number | undefined;
  private seen = false;

  /** Adds counts (non-negative integers) and, when known, a cost in USD. */
  add(inputTokens: number, outputTokens: number, costUsd?: number): void {
    this.seen = true;
    this.input += inputTokens;
    this.output += outputTokens;
    if (costUsd !== undefined && costUsd >= 0) this.cost = (this.cost ?? 0) + costUsd;
  }

  /** The totals, or undefined when no event carried usage. */
  usage(): Usage | undefined {
    if (!this.seen) return undefined;
    return { input_tokens: this.input, output_tokens: this.output, ...(this.cost === undefined ? {} : { cost_usd: this.cost }) };
  }
}
