/**
 * Money as integer cents and FX rates as integer 1e-8 units, so that sums are exact: an order total
 * must equal the sum of its lines to the cent, which floating-point euros cannot promise.
 */
export type Cents = number;

/** DECIMAL(12,2) text for MariaDB, e.g. 123456 → '1234.56'. */
export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function parseCents(decimal: string): Cents {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!match) throw new Error(`not a money amount: ${decimal}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return match[1] === '-' ? -cents : cents;
}

/** Rates to USD are kept in units of 1e-8 USD, matching the DECIMAL(18,8) column. */
export const rateScale = 100_000_000;

export function formatRate(rateE8: number): string {
  return `${Math.floor(rateE8 / rateScale)}.${String(rateE8 % rateScale).padStart(8, '0')}`;
}

/** The local price a shop would show for a USD list price: charm pricing (x.99) above 10 units. */
export function localPrice(usdCents: Cents, rateToUsdE8: number): Cents {
  const exact = (usdCents * rateScale) / rateToUsdE8;
  return exact >= 1000 ? Math.ceil(exact / 100) * 100 - 1 : Math.max(1, Math.round(exact));
}

/** Splits a tax-inclusive total into net and tax for a rate in percent (e.g. 19 or 14.975). */
export function splitTax(totalCents: Cents, taxRatePercent: number): { net: Cents; tax: Cents } {
  const net = Math.round(totalCents / (1 + taxRatePercent / 100));
  return { net, tax: totalCents - net };
}
