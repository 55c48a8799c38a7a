import { countryOf, type Market, markets, type Region } from './markets';

/**
 * The client companies whose data GlobalMart holds. They differ in size and footprint on purpose:
 * tenant skew and Europe-only / North-America-only tenants are what partitioning and segregation
 * must handle.
 */
export interface Tenant {
  id: string;
  name: string;
  /** Share of all generated rows (vendors, products, customers, orders). */
  share: number;
  regions: readonly Region[];
}

export const tenants: readonly Tenant[] = [
  { id: 'acme', name: 'Acme Corporation', share: 0.35, regions: ['North America', 'Europe'] },
  { id: 'globex', name: 'Globex Corporation', share: 0.25, regions: ['Europe'] },
  { id: 'initech', name: 'Initech', share: 0.18, regions: ['North America'] },
  { id: 'umbrella', name: 'Umbrella Corporation', share: 0.12, regions: ['North America', 'Europe'] },
  { id: 'hooli', name: 'Hooli', share: 0.1, regions: ['North America', 'Europe'] },
];

/** Upper-case tenant id, the prefix that makes SKUs and warehouse ids globally unique. */
export function tenantPrefix(tenant: Tenant): string {
  return tenant.id.toUpperCase();
}

/** The markets a tenant sells in, by its regions. */
export function tenantMarkets(tenant: Tenant): Market[] {
  return markets.filter((market) => tenant.regions.includes(countryOf(market).region));
}
