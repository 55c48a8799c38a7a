import { categories, categoryCodes, subcategories } from '../catalog';
import { formatCents } from '../money';
import { categoryMix } from '../products';
import { stockDepth } from '../warehouses';
import type { Row } from './changes';
import { charmPrice, type Draft, draft, type ModelContext } from './context';
import { addStock, type SimProduct, type TenantWorld } from './world';

/** SKUs are VARCHAR(32): '<PREFIX>-<CODE>-<5 digits>' leaves 22 characters for the prefix. */
const maxSkuPrefix = 32 - '-TEC-00000'.length;

/**
 * A new product from a vendor of its line, with the category-specific attributes catalog.ts drafts,
 * stocked at launch in one to three of the tenant's warehouses.
 */
export function addProduct(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const { rng } = ctx;
  const lines = categories.filter((c) => (tenant.vendors.get(c)?.length ?? 0) > 0);
  if (lines.length === 0 || tenant.prefix.length > maxSkuPrefix || tenant.warehouses.length === 0)
    return undefined;
  const category = rng.weighted(lines, (c) => categoryMix[c]);
  const subcategory = rng.pick(subcategories.filter((s) => s.category === category));
  const draftProduct = subcategory.draft(rng);
  const n = (tenant.skuSequence.get(category) ?? 0) + 1;
  tenant.skuSequence.set(category, n);
  const sku = `${tenant.prefix}-${categoryCodes[category]}-${String(n).padStart(5, '0')}`;
  const product: SimProduct = {
    sku,
    category,
    subcategory,
    listCents: draftProduct.listPriceUsdCents,
    active: true,
  };
  tenant.products.set(sku, product);
  tenant.productBag.add(product);

  const [low, high] = stockDepth[category];
  const sites = rng.shuffle(tenant.warehouses).slice(0, rng.int(1, Math.min(3, tenant.warehouses.length)));
  const stockRows: Row[] = sites.map(({ warehouseId }) => {
    const onHand = rng.int(low, high);
    const reorderPoint = Math.max(1, Math.round(((low + high) / 2) * (0.1 + rng.float() * 0.15)));
    addStock(tenant, { sku, warehouseId, onHand, reserved: 0, reorderPoint, holds: 0 });
    return {
      sku,
      warehouse_id: warehouseId,
      tenant_id: tenant.id,
      on_hand: onHand,
      reserved: 0,
      reorder_point: reorderPoint,
    };
  });
  const productRow: Row = {
    sku,
    tenant_id: tenant.id,
    vendor_id: rng.pick(tenant.vendors.get(category) ?? []),
    name: draftProduct.name,
    category,
    subcategory: subcategory.name,
    brand: draftProduct.brand,
    list_price_usd: formatCents(draftProduct.listPriceUsdCents),
    unit_cost_usd: formatCents(Math.round(draftProduct.listPriceUsdCents * (0.5 + rng.float() * 0.3))),
    attributes: JSON.stringify(draftProduct.attributes),
    active: true,
  };
  return draft('product.add', tenant, [
    { op: 'c', table: 'products', rows: [productRow] },
    { op: 'c', table: 'inventory', rows: stockRows },
  ]);
}

/** A list price moves 3-15% up or down (more often up), and stays a .99 shelf price. */
export function repriceProduct(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const { rng } = ctx;
  const product = tenant.productBag.pickWhere(rng, (p) => p.active);
  if (!product) return undefined;
  const factor = 1 + (rng.chance(0.65) ? 1 : -1) * (0.03 + rng.float() * 0.12);
  let price = charmPrice(product.listCents * factor);
  if (price === product.listCents) price += 100;
  product.listCents = price;
  return draft('product.reprice', tenant, [
    { op: 'u', table: 'products', set: { list_price_usd: formatCents(price) }, where: { sku: product.sku } },
  ]);
}

/** A product is delisted, or a delisted one comes back: `active` flips. */
export function toggleProduct(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const product = tenant.productBag.pick(ctx.rng);
  if (!product) return undefined;
  product.active = !product.active;
  return draft('product.availability', tenant, [
    { op: 'u', table: 'products', set: { active: product.active }, where: { sku: product.sku } },
  ]);
}
