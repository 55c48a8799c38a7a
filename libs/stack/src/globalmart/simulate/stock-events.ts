import { stockDepth } from '../warehouses';
import { type Draft, draft, type ModelContext } from './context';
import { addStock, available, removeStock, stockChanged, stockKey, type TenantWorld } from './world';

/** A delivery arrives at a warehouse: mostly for a line that fell below its reorder point. */
export function receiveStock(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const { rng } = ctx;
  const stock =
    tenant.allStock.pickWhere(rng, (s) => available(s) < s.reorderPoint) ?? tenant.allStock.pick(rng);
  if (!stock) return undefined;
  const product = tenant.products.get(stock.sku);
  const [low, high] = product ? stockDepth[product.category] : [1, 50];
  const units = rng.int(Math.max(1, Math.ceil(low / 2)), Math.max(1, Math.ceil(high / 2)));
  stock.onHand += units;
  stockChanged(tenant, stock);
  return draft('stock.receive', tenant, [
    {
      op: 'u',
      table: 'inventory',
      set: { on_hand: { add: units } },
      where: { sku: stock.sku, warehouse_id: stock.warehouseId },
    },
  ]);
}

/** An active product is stocked at a warehouse that did not carry it yet. */
export function stockNewWarehouse(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const { rng } = ctx;
  if (tenant.warehouses.length === 0) return undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    const product = tenant.productBag.pick(rng);
    const { warehouseId } = rng.pick(tenant.warehouses);
    if (!product?.active || tenant.stock.has(stockKey(product.sku, warehouseId))) continue;
    const [low, high] = stockDepth[product.category];
    const onHand = rng.int(low, high);
    const reorderPoint = Math.max(1, Math.round(((low + high) / 2) * (0.1 + rng.float() * 0.15)));
    addStock(tenant, { sku: product.sku, warehouseId, onHand, reserved: 0, reorderPoint, holds: 0 });
    const row = {
      sku: product.sku,
      warehouse_id: warehouseId,
      tenant_id: tenant.id,
      on_hand: onHand,
      reserved: 0,
      reorder_point: reorderPoint,
    };
    return draft('stock.new', tenant, [{ op: 'c', table: 'inventory', rows: [row] }]);
  }
  return undefined;
}

/** A warehouse drops a line it holds none of and that no open order will move. */
export function deleteEmptyStock(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const stock = tenant.emptyStock.pickWhere(ctx.rng, (s) => s.holds === 0);
  if (!stock) return undefined;
  removeStock(tenant, stock);
  return draft('stock.delete', tenant, [
    { op: 'd', table: 'inventory', where: { sku: stock.sku, warehouse_id: stock.warehouseId } },
  ]);
}
