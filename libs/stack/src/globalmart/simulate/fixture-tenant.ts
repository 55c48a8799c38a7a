import type { Pool, ResultSetHeader } from 'mysql2/promise';
import { endOfDay } from '../clock';
import { periodStartFor, type SeedContext } from '../context';
import { customersFor } from '../customers';
import { Random } from '../prng';
import { productsFor } from '../products';
import { seedColumns } from '../rows';
import { insertStatements } from '../sql';
import type { Tenant } from '../tenants';
import { vendorsFor } from '../vendors';
import { inventoryFor, warehousesFor } from '../warehouses';

export interface FixtureCounts {
  vendors: number;
  products: number;
  warehouses: number;
  inventory: number;
  customers: number;
}

/**
 * A tenant of a test's own, made by the seed generator (vendors, products, warehouses, stock and
 * customers; no orders), so a simulation on it can be counted exactly while other tests share the
 * database. Keep the id short: SKUs and warehouse ids carry it upper-cased within 32 characters.
 */
export async function createFixtureTenant(pool: Pool, tenantId: string, seed = 7): Promise<FixtureCounts> {
  const periodEnd = endOfDay('2026-11-22');
  const ctx: SeedContext = {
    rng: new Random(seed),
    scale: 1,
    periodEnd,
    periodStart: periodStartFor(periodEnd),
  };
  const tenant: Tenant = {
    id: tenantId,
    name: `Simulation test ${tenantId}`,
    share: 0.08,
    regions: ['Europe'],
  };
  const connection = await pool.getConnection();
  try {
    await connection.query('START TRANSACTION');
    await connection.query('INSERT INTO tenants (tenant_id, name) VALUES (?, ?)', [tenant.id, tenant.name]);
    const vendors = [];
    for (const vendor of vendorsFor(ctx, tenant)) {
      const { id: _, ...row } = vendor;
      const [result] = await connection.query<ResultSetHeader>('INSERT INTO vendors SET ?', [row]);
      vendors.push({ ...vendor, id: Number(result.insertId) });
    }
    const products = productsFor(ctx, tenant, vendors);
    const warehouses = warehousesFor(ctx, tenant);
    const inventory = inventoryFor(ctx, tenant, products, warehouses);
    const customers = customersFor(ctx, tenant, new Set()).map((c) => {
      const { id: _, ...row } = c.row;
      return row;
    });
    const statements = [
      ...insertStatements(
        'products',
        seedColumns.products,
        products.map((p) => p.row),
      ),
      ...insertStatements(
        'warehouses',
        seedColumns.warehouses,
        warehouses.map((w) => w.row),
      ),
      ...insertStatements('inventory', seedColumns.inventory, inventory),
      ...insertStatements(
        'customers',
        seedColumns.customers.filter((c) => c !== 'id'),
        customers,
      ),
    ];
    for (const statement of statements) await connection.query(statement);
    await connection.query('COMMIT');
    return {
      vendors: vendors.length,
      products: products.length,
      warehouses: warehouses.length,
      inventory: inventory.length,
      customers: customers.length,
    };
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}
