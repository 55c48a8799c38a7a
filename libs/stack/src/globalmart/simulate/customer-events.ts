import { segments } from '../customers';
import { locales } from '../locales';
import { countryOf, type Market, marketLocale } from '../markets';
import { emailAddress, personName, phoneNumber, postalAddress } from '../people';
import { type Draft, draft, type ModelContext } from './context';
import { marketObject, type TenantWorld } from './world';

/** A new customer with the PII a real sign-up carries, in one of the tenant's markets. */
export function registerCustomer(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const { rng } = ctx;
  if (tenant.signupMarkets.length === 0) return undefined;
  const market = rng.weighted(tenant.signupMarkets, (m) => m.weight);
  if (!ctx.world.markets.has(market.id)) return undefined;
  const country = countryOf(market);
  const name = personName(rng, locales[marketLocale(market)]);
  const address = postalAddress(rng, market);
  const id = ctx.newRef();
  const row = {
    tenant_id: tenant.id,
    market_id: market.id,
    first_name: name.first,
    last_name: name.last,
    email: emailAddress(rng, name, rng.pick(country.emailDomains), ctx.world.emails),
    phone: rng.chance(0.08) ? null : phoneNumber(rng, country, market),
    address_line1: address.line1,
    address_line2: address.line2,
    city: address.city,
    postal_code: address.postalCode,
    country_code: country.code,
    segment: rng.weighted(segments, ([, weight]) => weight)[0],
  };
  tenant.customers.add({ id, marketId: market.id, addressLine1: address.line1, orders: 0 });
  return draft('customer.register', tenant, [{ op: 'c', table: 'customers', rows: [row], creates: id }]);
}

/**
 * A customer moves: mostly within their market, sometimes to another of the tenant's markets (their
 * next orders then ship and price there). The new first address line always differs from the old.
 */
export function moveCustomer(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const { rng } = ctx;
  const customer = tenant.customers.pick(rng);
  if (!customer) return undefined;
  const current = marketObject(customer.marketId);
  const elsewhere = tenant.signupMarkets.filter((m) => ctx.world.markets.has(m.id));
  const market: Market | undefined =
    current && (rng.chance(0.8) || elsewhere.length === 0) ? current : rng.pick(elsewhere);
  if (!market) return undefined;
  let address = postalAddress(rng, market);
  for (let i = 0; i < 5 && address.line1 === customer.addressLine1; i++) address = postalAddress(rng, market);
  if (address.line1 === customer.addressLine1) return undefined;
  customer.addressLine1 = address.line1;
  const set: Record<string, string | null> = {
    address_line1: address.line1,
    address_line2: address.line2,
    city: address.city,
    postal_code: address.postalCode,
  };
  if (market.id !== customer.marketId) {
    customer.marketId = market.id;
    set.market_id = market.id;
    set.country_code = countryOf(market).code;
  }
  return draft('customer.move', tenant, [{ op: 'u', table: 'customers', set, where: { id: customer.id } }]);
}

/** A customer who never ordered closes their account (no order references them, so the FK allows it). */
export function deleteCustomer(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const customer = tenant.customers.pickWhere(ctx.rng, (c) => c.orders === 0, 12);
  if (!customer) return undefined;
  tenant.customers.delete(customer);
  return draft('customer.delete', tenant, [{ op: 'd', table: 'customers', where: { id: customer.id } }]);
}
