/**
 * A run's spending limit. It is checked before a call goes out, never mid-flight: calls already
 * in flight finish and are charged, so a run may overshoot by at most `concurrency` calls, and
 * every call after the limit fails fast with BudgetExhausted without touching the network.
 */
import { BudgetExhausted } from "./errors.ts";

export interface BudgetLimits {
  /** Prompt plus completion tokens. */
  maxTokens?: number;
  maxCostUsd?: number;
}

export interface BudgetSpend {
  tokens: number;
  costUsd: number;
  calls: number;
}

export class Budget {
  private spent: BudgetSpend = { tokens: 0, costUsd: 0, calls: 0 };

  constructor(readonly limits: BudgetLimits = {}) {}

  /** The reason the budget is spent, or undefined while calls may still go out. */
  exhaustedReason(): string | undefined {
    const { maxTokens, maxCostUsd } = this.limits;
    if (maxTokens !== undefined && this.spent.tokens >= maxTokens) return `token budget of ${maxTokens} spent (${this.spent.tokens} used)`;
    if (maxCostUsd !== undefined && this.spent.costUsd >= maxCostUsd)
      return `cost budget of $${maxCostUsd} spent ($${this.spent.costUsd.toFixed(6)} used)`;
    return undefined;
  }

  assertAvailable(): void {
    const reason = this.exhaustedReason();
    if (reason) throw new BudgetExhausted(reason);
  }

  charge(tokens: number, costUsd: number | null): void {
    this.spent = { tokens: this.spent.tokens + tokens, costUsd: this.spent.costUsd + (costUsd ?? 0), calls: this.spent.calls + 1 };
  }

  get spend(): BudgetSpend {
    return { ...this.spent };
  }
}
