import { type FxRate, fxKeyParts } from './reference';

/**
 * Per currency, the rate dates a store holds versions for, ascending: the rate in force on a day is
 * the newest of them not after it whose row is live at the change's ordinal (a rate published later
 * for an earlier day does not count before it arrived).
 */
export class FxDays {
  private readonly days = new Map<string, number[]>();

  /** Notes the rate date of an fx_rates key (`EUR|20415`). */
  note(key: string): void {
    const { currency, day } = fxKeyParts(key);
    const days = this.days.get(currency) ?? [];
    if (days.includes(day)) return;
    days.push(day);
    days.sort((a, b) => a - b);
    this.days.set(currency, days);
  }

  /** The rate in force on `day`, given the row of an fx_rates key at the change's ordinal. */
  rateOn(
    currency: string,
    day: number,
    rowOf: (key: string) => Record<string, unknown> | undefined,
  ): FxRate | undefined {
    const days = this.days.get(currency) ?? [];
    for (let i = days.length - 1; i >= 0; i -= 1) {
      const candidate = days[i] as number;
      if (candidate > day) continue;
      const row = rowOf(`${currency}|${candidate}`);
      if (row) return { rateDate: candidate, rate: String(row.rate_to_usd) };
    }
    return undefined;
  }
}
