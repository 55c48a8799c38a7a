import { type Category, categories, categoryCodes, type Subcategory, subcategories } from './catalog';
import { dayMs, epochOf, sqlDateTime } from './clock';
import { type SeedContext, scaledCount } from './context';
import { formatCents } from './money';
import type { ProductRow, VendorRow } from './rows';
import { type Tenant, tenantPrefix } from './tenants';

/** Office supplies are the long tail of the assortment; furniture the short one. */
export const categoryMix: Readonly<Record<Category, number>> = {
  Technology: 0.3,
  'Office Supplies': 0.45,
  Furniture: 0.25,
};

/** What the order generator needs beyond the row: the price in cents and how many units people buy. */
export interface Product {
  row: ProductRow;
  subcategory: Subcategory;
  listPriceUsdCents: number;
}

export function productsFor(ctx: SeedContext, tenant: Tenant, vendors: readonly VendorRow[]): Product[] {
  const rng = ctx.rng.fork(`products:${tenant.id}`);
  const count = scaledCount(ctx, 600, tenant.share, subcategories.length);
  const sequence = new Map<Category, number>();
  const products: Product[] = [];
  const pickSubcategory = (): Subcategory => {
    const category = rng.weighted(categories, (c) => categoryMix[c]);
    return rng.pick(subcategories.filter((s) => s.category === category));
  };
  for (let i = 0; i < count; i++) {
    // The first pass covers every subcategory once so small scales still have the full shape variety.
    const subcategory = subcategories[i] ?? pickSubcategory();
    const category = subcategory.category;
    const vendor = rng.pick(vendors.filter((v) => v.line_of_business === category));
    const draft = subcategory.draft(rng);
    const n = (sequence.get(category) ?? 0) + 1;
    sequence.set(category, n);
    const createdAt = Math.max(
      epochOf(vendor.created_at) + dayMs,
      ctx.periodEnd - rng.int(120, 1000) * dayMs - rng.int(0, dayMs),
    );
    const updatedAt = rng.chance(0.4)
      ? createdAt + rng.int(1, Math.floor((ctx.periodEnd - createdAt) / dayMs) - 1) * dayMs
      : createdAt;
    products.push({
      subcategory,
      listPriceUsdCents: draft.listPriceUsdCents,
      row: {
        sku: `${tenantPrefix(tenant)}-${categoryCodes[category]}-${String(n).padStart(5, '0')}`,
        tenant_id: tenant.id,
        vendor_id: vendor.id,
        name: draft.name,
        category,
        subcategory: subcategory.name,
        brand: draft.brand,
        list_price_usd: formatCents(draft.listPriceUsdCents),
        unit_cost_usd: formatCents(Math.round(draft.listPriceUsdCents * (0.5 + rng.float() * 0.3))),
        attributes: JSON.stringify(draft.attributes),
        active: rng.chance(0.95),
        created_at: sqlDateTime(createdAt),
        updated_at: sqlDateTime(updatedAt),
      },
    });
  }
  return products;
}
