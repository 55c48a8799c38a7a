import { type Category, categories } from './catalog';
import { dayMs, sqlDateTime } from './clock';
import { type SeedContext, scaledCount } from './context';
import { asciiFold } from './locales';
import { countryOf, type Market } from './markets';
import { phoneNumber } from './people';
import type { VendorRow } from './rows';
import { type Tenant, tenantMarkets } from './tenants';

// biome-ignore format: word lists
const namePrefixes = ['Northwind', 'Blue Ridge', 'Alpine', 'Baltic', 'Atlas', 'Meridian', 'Summit', 'Harbor', 'Crescent', 'Vertex', 'Evergreen', 'Silverline', 'Keystone', 'Orion', 'Pioneer', 'Nordic', 'Iberia', 'Danube', 'Rheinland', 'Lakeshore', 'Cascade', 'Sierra'];
// biome-ignore format: word lists
const nameRoots: Readonly<Record<Category, readonly string[]>> = {
  Technology: ['Systems', 'Electronics', 'Digital', 'Micro', 'Components', 'Computing'],
  'Office Supplies': ['Office Supply', 'Paper', 'Stationery', 'Office Products', 'Supplies'],
  Furniture: ['Furniture', 'Interiors', 'Woodworks', 'Seating', 'Living'],
};

const webDomain = (countryCode: string) =>
  ({ US: 'com', GB: 'co.uk', MX: 'com.mx' })[countryCode] ?? countryCode.toLowerCase();

/** Suppliers per tenant, each serving one line of business; every line has at least one. */
export function vendorsFor(ctx: SeedContext, tenant: Tenant): VendorRow[] {
  const rng = ctx.rng.fork(`vendors:${tenant.id}`);
  const count = scaledCount(ctx, 60, tenant.share, categories.length);
  const pickMarket = rng.weightedPicker(tenantMarkets(tenant), (m: Market) => m.weight);
  const names = new Set<string>();
  const vendors: VendorRow[] = [];
  for (let i = 0; i < count; i++) {
    const line = categories[i % categories.length] as Category;
    const market = pickMarket();
    const country = countryOf(market);
    let stem = `${rng.pick(namePrefixes)} ${rng.pick(nameRoots[line])}`;
    for (let n = 2; names.has(stem); n++)
      stem = `${rng.pick(namePrefixes)} ${rng.pick(nameRoots[line])}${n > 6 ? ` ${n}` : ''}`;
    names.add(stem);
    const createdAt = ctx.periodEnd - rng.int(1200, 1800) * dayMs - rng.int(0, dayMs);
    vendors.push({
      id: 0,
      tenant_id: tenant.id,
      name: `${stem} ${rng.pick(country.legalForms)}`,
      line_of_business: line,
      country_code: country.code,
      contact_email: `${rng.pick(['sales', 'orders', 'info', 'b2b'])}@${asciiFold(stem)}.${webDomain(country.code)}`,
      phone: phoneNumber(rng, country, market),
      created_at: sqlDateTime(createdAt),
      updated_at: sqlDateTime(createdAt + rng.int(0, 900) * dayMs),
    });
  }
  return vendors;
}
