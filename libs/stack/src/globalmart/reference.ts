import { dayMs, hourMs, sqlDate, sqlDateTime, startOfDay } from './clock';
import { periodDays, type SeedContext } from './context';
import { baseRatesToUsd, countryOf, euroPegs, markets, marketTaxRate } from './markets';
import { formatRate, rateScale } from './money';
import type { FxRateRow, MarketRow } from './rows';

/** Reference data predates everything the tenants own. */
export function referenceSince(ctx: SeedContext): number {
  return startOfDay(ctx.periodEnd) - 2000 * dayMs;
}

export function marketRows(ctx: SeedContext): MarketRow[] {
  const since = sqlDateTime(referenceSince(ctx));
  return markets.map((market) => {
    const country = countryOf(market);
    return {
      market_id: market.id,
      country_code: country.code,
      region: country.region,
      name: market.name,
      currency: country.currency,
      tax_rate: marketTaxRate(market).toFixed(3),
      created_at: since,
      updated_at: since,
    };
  });
}

/** USD value of one unit, in 1e-8 units, per currency and 'YYYY-MM-DD'. */
export type FxTable = ReadonlyMap<string, number>;

export const fxKey = (currency: string, date: string) => `${currency}|${date}`;

/**
 * A daily random walk from plausible starting rates. Emerging-market currencies move more; the
 * Danish krone follows the euro because it is pegged to it.
 */
export function fxRates(ctx: SeedContext): { rows: FxRateRow[]; table: FxTable } {
  const rng = ctx.rng.fork('fx');
  const floating = Object.keys(baseRatesToUsd).filter((c) => c !== 'USD' && !(c in euroPegs));
  const level = new Map(floating.map((c) => [c, baseRatesToUsd[c] ?? 1]));
  const volatility = (currency: string) => (['MXN', 'HUF', 'ISK', 'PLN'].includes(currency) ? 0.006 : 0.0035);
  const rows: FxRateRow[] = [];
  const table = new Map<string, number>();
  const firstDay = startOfDay(ctx.periodStart);
  for (let day = 0; day < periodDays; day++) {
    const dayStart = firstDay + day * dayMs;
    const rateDate = sqlDate(dayStart);
    // Published mid-afternoon, like the ECB reference rates.
    const publishedAt = sqlDateTime(dayStart + 16 * hourMs);
    const today = new Map<string, number>([['USD', 1]]);
    for (const currency of floating) {
      const previous = level.get(currency) ?? 1;
      const next = day === 0 ? previous : previous * (1 + (rng.float() * 2 - 1) * volatility(currency));
      level.set(currency, next);
      today.set(currency, next);
    }
    for (const [currency, perEuro] of Object.entries(euroPegs)) {
      today.set(currency, (today.get('EUR') ?? 1) / perEuro);
    }
    for (const [currency, rate] of [...today].sort(([a], [b]) => a.localeCompare(b))) {
      const rateE8 = Math.max(1, Math.round(rate * rateScale));
      table.set(fxKey(currency, rateDate), rateE8);
      rows.push({
        currency,
        rate_date: rateDate,
        rate_to_usd: formatRate(rateE8),
        created_at: publishedAt,
        updated_at: publishedAt,
      });
    }
  }
  return { rows, table };
}
