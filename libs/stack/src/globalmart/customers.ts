import { dayMs, sqlDateTime } from './clock';
import { type SeedContext, scaledCount } from './context';
import { locales } from './locales';
import { countryOf, type Market, marketLocale } from './markets';
import { emailAddress, personName, phoneNumber, postalAddress } from './people';
import type { CustomerRow, CustomerSegment } from './rows';
import { type Tenant, tenantMarkets } from './tenants';

export interface Customer {
  row: CustomerRow;
  market: Market;
  createdAt: number;
}

export const segments: readonly [CustomerSegment, number][] = [
  ['consumer', 0.6],
  ['corporate', 0.25],
  ['home_office', 0.15],
];

/** Customers join over the two years before the period ends; `emails` is shared across tenants. */
export function customersFor(ctx: SeedContext, tenant: Tenant, emails: Set<string>): Customer[] {
  const rng = ctx.rng.fork(`customers:${tenant.id}`);
  const count = scaledCount(ctx, 3000, tenant.share, 2);
  const pickMarket = rng.weightedPicker(tenantMarkets(tenant), (m) => m.weight);
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const market = pickMarket();
    const country = countryOf(market);
    const name = personName(rng, locales[marketLocale(market)]);
    const address = postalAddress(rng, market);
    const createdAt = ctx.periodEnd - rng.int(20 * dayMs, 730 * dayMs);
    // A third of customers edited their profile since signing up.
    const updatedAt = rng.chance(0.33) ? rng.int(createdAt, ctx.periodEnd - dayMs) : createdAt;
    customers.push({
      market,
      createdAt,
      row: {
        id: 0,
        tenant_id: tenant.id,
        market_id: market.id,
        first_name: name.first,
        last_name: name.last,
        email: emailAddress(rng, name, rng.pick(country.emailDomains), emails),
        phone: rng.chance(0.08) ? null : phoneNumber(rng, country, market),
        address_line1: address.line1,
        address_line2: address.line2,
        city: address.city,
        postal_code: address.postalCode,
        country_code: country.code,
        segment: rng.weighted(segments, ([, weight]) => weight)[0],
        created_at: sqlDateTime(createdAt),
        updated_at: sqlDateTime(updatedAt),
      },
    });
  }
  return customers;
}
