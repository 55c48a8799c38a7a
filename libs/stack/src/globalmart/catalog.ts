import type { Random } from './prng';

/**
 * GlobalMart's three lines of business and what a product in each looks like. The `attributes`
 * JSON deliberately has a different shape per category and per subcategory (nested objects, arrays,
 * booleans, optional keys), because that is what the lake and the inventory view must cope with.
 */
export const categories = ['Technology', 'Office Supplies', 'Furniture'] as const;
export type Category = (typeof categories)[number];

export const categoryCodes: Readonly<Record<Category, string>> = {
  Technology: 'TEC',
  'Office Supplies': 'OFF',
  Furniture: 'FUR',
};

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ProductDraft {
  name: string;
  brand: string;
  listPriceUsdCents: number;
  attributes: { [key: string]: Json };
}

export interface Subcategory {
  category: Category;
  name: string;
  /** Units per order line, min and max: people buy paper by the dozen and desks one at a time. */
  quantity: readonly [number, number];
  draft(rng: Random): ProductDraft;
}

/** Specs are listed cheapest first; a tier (0 budget, 1 mid, 2 premium) picks from its share of the list. */
type Tier = 0 | 1 | 2;

function tiered<T>(rng: Random, options: readonly T[], tier: Tier): T {
  const band = options.length / 3;
  const from = Math.floor(tier * band);
  const to = Math.max(from + 1, Math.ceil((tier + 1) * band));
  return rng.pick(options.slice(from, to));
}

function price(rng: Random, [min, max]: readonly [number, number], tier: Tier): number {
  const share = (tier + rng.float()) / 3;
  const dollars = min + (max - min) * share;
  // Shelf prices end in .99 or .49.
  return Math.max(99, Math.round(dollars) * 100 - (rng.chance(0.8) ? 1 : 51));
}

const pickTier = (rng: Random): Tier => rng.pick([0, 0, 1, 1, 1, 2] as const);

const dims = (rng: Random, w: [number, number], d: [number, number], h: [number, number]) => ({
  w: rng.int(w[0], w[1]),
  d: rng.int(d[0], d[1]),
  h: rng.int(h[0], h[1]),
});

const kg = (rng: Random, min: number, max: number) => Math.round((min + rng.float() * (max - min)) * 10) / 10;

// biome-ignore format: catalog reads better compact
export const subcategories: readonly Subcategory[] = [
  {
    category: 'Technology', name: 'Laptops', quantity: [1, 2],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Zentek', 'Novabyte', 'Kestrel', 'Lumio']);
      const cpu = tiered(rng, ['Intel Core i3-1315U', 'AMD Ryzen 5 7530U', 'Intel Core i5-1335U', 'AMD Ryzen 7 7840U', 'Intel Core Ultra 7 155H', 'Snapdragon X Elite'], tier);
      const ramGb = tiered(rng, [8, 16, 16, 32, 32, 64], tier);
      const storageGb = tiered(rng, [256, 512, 512, 1024, 1024, 2048], tier);
      const screenIn = rng.pick([13.3, 14, 15.6, 16]);
      const model = `${rng.pick(['ProBook', 'Air', 'Flex', 'Edge', 'Studio'])} ${rng.int(3, 9)}${rng.pick(['', 'X', ' Pro'])}`;
      return {
        name: `${brand} ${model} ${screenIn}" (${cpu.replace(/^(Intel|AMD) /, '')}, ${ramGb} GB, ${storageGb >= 1024 ? `${storageGb / 1024} TB` : `${storageGb} GB`})`,
        brand,
        listPriceUsdCents: price(rng, [549, 2499], tier),
        attributes: { cpu, ram_gb: ramGb, storage_gb: storageGb, screen_in: screenIn, os: rng.pick(['Windows 11 Pro', 'Windows 11 Home', 'Ubuntu 24.04', 'ChromeOS']), warranty_months: tiered(rng, [12, 12, 24, 24, 36, 36], tier) },
      };
    },
  },
  {
    category: 'Technology', name: 'Phones', quantity: [1, 3],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Novabyte', 'Orbia', 'Kestrel']);
      const storageGb = tiered(rng, [64, 128, 128, 256, 256, 512], tier);
      const color = rng.pick(['black', 'silver', 'midnight blue', 'sage green']);
      return {
        name: `${brand} ${rng.pick(['Nova', 'Pulse', 'Wave'])} ${rng.int(10, 16)}${tier === 2 ? ' Ultra' : ''} ${storageGb} GB, ${color}`,
        brand,
        listPriceUsdCents: price(rng, [199, 1199], tier),
        attributes: { ram_gb: tiered(rng, [4, 6, 8, 8, 12, 16], tier), storage_gb: storageGb, screen_in: rng.pick([6.1, 6.4, 6.7]), color, dual_sim: rng.chance(0.6), '5g': tier > 0 || rng.chance(0.5), warranty_months: 24 },
      };
    },
  },
  {
    category: 'Technology', name: 'Monitors', quantity: [1, 4],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Vistar', 'Zentek', 'Lumio']);
      const screenIn = tiered(rng, [22, 24, 24, 27, 27, 32, 34], tier);
      const resolution = tiered(rng, ['1920x1080', '1920x1080', '2560x1440', '2560x1440', '3840x2160', '5120x2160'], tier);
      const panel = rng.pick(['IPS', 'VA', 'OLED']);
      return {
        name: `${brand} ${screenIn}" ${resolution} ${panel} Monitor`,
        brand,
        listPriceUsdCents: price(rng, [119, 899], tier),
        attributes: { screen_in: screenIn, resolution, panel, refresh_hz: tiered(rng, [60, 75, 100, 144, 165, 240], tier), ports: rng.shuffle(['HDMI', 'DisplayPort', 'USB-C', 'VGA']).slice(0, rng.int(1, 3)), warranty_months: 36 },
      };
    },
  },
  {
    category: 'Technology', name: 'Accessories', quantity: [1, 10],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Keyfort', 'Orbia', 'Zentek']);
      const kind = rng.pick(['Wireless Mouse', 'Mechanical Keyboard', 'USB-C Hub', 'Noise-Cancelling Headset', '4K Webcam', 'Laptop Stand']);
      const connectivity = rng.pick(['USB-C', 'Bluetooth 5.3', '2.4 GHz wireless', 'USB-A']);
      return {
        name: `${brand} ${kind} ${rng.pick(['S', 'M', 'Pro', 'Go'])}${rng.int(1, 9)}`,
        brand,
        listPriceUsdCents: price(rng, [9, 149], tier),
        attributes: { kind: kind.toLowerCase(), connectivity, color: rng.pick(['black', 'white', 'graphite']), compatible_with: rng.shuffle(['Windows', 'macOS', 'Linux', 'ChromeOS']).slice(0, rng.int(1, 4)), warranty_months: 12 },
      };
    },
  },
  {
    category: 'Technology', name: 'Printers', quantity: [1, 2],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Printwell', 'Kestrel']);
      const type = tier === 0 ? 'inkjet' : rng.pick(['laser', 'laser', 'inkjet']);
      const ppm = tiered(rng, [15, 20, 25, 30, 40, 55], tier);
      return {
        name: `${brand} ${type === 'laser' ? 'LaserJet' : 'InkPro'} ${rng.int(200, 900)}${rng.pick(['dn', 'dw', 'fdw'])}`,
        brand,
        listPriceUsdCents: price(rng, [89, 1299], tier),
        attributes: { type, color_printing: type === 'inkjet' || rng.chance(0.5), pages_per_minute: ppm, duplex: tier > 0, network: rng.pick(['ethernet', 'wifi', 'ethernet+wifi']), warranty_months: 12 },
      };
    },
  },

  {
    category: 'Office Supplies', name: 'Paper', quantity: [1, 20],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Copymax', 'Albion Paper', 'Nordic Sheet']);
      const size = rng.pick(['A4', 'A4', 'Letter', 'Letter', 'A3', 'Legal']);
      const gsm = tiered(rng, [70, 75, 80, 80, 90, 100, 120], tier);
      const packSize = rng.pick([500, 2500, 5000]);
      return {
        name: `${brand} ${size} Copy Paper ${gsm} g/m², ${packSize} sheets`,
        brand,
        listPriceUsdCents: price(rng, [4, 45], tier),
        attributes: { pack_size: packSize, paper_gsm: gsm, size, color: rng.pick(['white', 'white', 'ivory', 'recycled grey']), fsc_certified: rng.chance(0.7) },
      };
    },
  },
  {
    category: 'Office Supplies', name: 'Binders', quantity: [1, 25],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Leitner', 'Officio', 'Copymax']);
      const ringMm = tiered(rng, [16, 25, 40, 50, 65, 80], tier);
      const color = rng.pick(['black', 'blue', 'red', 'green', 'assorted']);
      const packSize = rng.pick([1, 5, 10]);
      return {
        name: `${brand} Lever-Arch Binder ${ringMm} mm, ${color}, pack of ${packSize}`,
        brand,
        listPriceUsdCents: price(rng, [3, 35], tier),
        attributes: { pack_size: packSize, color, ring_mm: ringMm, ring_type: rng.pick(['D', 'O', 'lever arch']) },
      };
    },
  },
  {
    category: 'Office Supplies', name: 'Pens', quantity: [1, 30],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Scriva', 'Officio', 'Penworks']);
      const ink = rng.pick(['gel', 'ballpoint', 'rollerball', 'fineliner']);
      const colors = rng.shuffle(['black', 'blue', 'red', 'green']).slice(0, rng.int(1, 4));
      const packSize = rng.pick([4, 10, 12, 20, 50]);
      return {
        name: `${brand} ${ink.charAt(0).toUpperCase()}${ink.slice(1)} Pen ${rng.pick(['0.5', '0.7', '1.0'])} mm, ${packSize}-pack`,
        brand,
        listPriceUsdCents: price(rng, [2, 30], tier),
        attributes: { pack_size: packSize, ink, colors, tip_mm: rng.pick([0.4, 0.5, 0.7, 1.0]), refillable: rng.chance(0.4) },
      };
    },
  },
  {
    category: 'Office Supplies', name: 'Storage', quantity: [1, 10],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Officio', 'Boxwell']);
      const capacityL = tiered(rng, [5, 9, 18, 32, 45, 64], tier);
      const material = rng.pick(['polypropylene', 'corrugated cardboard', 'steel']);
      return {
        name: `${brand} Archive Box ${capacityL} L, ${material}`,
        brand,
        listPriceUsdCents: price(rng, [8, 120], tier),
        attributes: { pack_size: rng.pick([1, 5, 10]), capacity_l: capacityL, material, color: rng.pick(['white', 'grey', 'black', 'transparent']), stackable: true },
      };
    },
  },
  {
    category: 'Office Supplies', name: 'Labels', quantity: [1, 15],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Labelio', 'Copymax']);
      const perSheet = rng.pick([8, 14, 21, 24, 65]);
      const sheets = rng.pick([25, 100]);
      return {
        name: `${brand} Address Labels, ${perSheet} per sheet, ${sheets} sheets`,
        brand,
        listPriceUsdCents: price(rng, [5, 40], tier),
        attributes: { pack_size: sheets, labels_per_sheet: perSheet, label_mm: { w: rng.pick([38, 63, 70, 99]), h: rng.pick([21, 34, 38, 67]) }, color: rng.pick(['white', 'kraft', 'neon yellow']), printer: rng.pick(['laser', 'inkjet', 'laser/inkjet']) },
      };
    },
  },
  {
    category: 'Office Supplies', name: 'Envelopes', quantity: [1, 20],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Albion Paper', 'Postline']);
      const size = rng.pick(['DL', 'C5', 'C4', '#10']);
      const packSize = rng.pick([50, 100, 250, 500]);
      const window = rng.chance(0.5);
      return {
        name: `${brand} ${size} Envelopes${window ? ' with window' : ''}, ${packSize}-pack`,
        brand,
        listPriceUsdCents: price(rng, [4, 35], tier),
        attributes: { pack_size: packSize, size, paper_gsm: rng.pick([80, 90, 100]), color: rng.pick(['white', 'brown', 'blue']), window, closure: rng.pick(['peel & seal', 'self-seal', 'gummed']) },
      };
    },
  },

  {
    category: 'Furniture', name: 'Chairs', quantity: [1, 6],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Hartwell', 'Ergonomix', 'Nordform']);
      const material = tiered(rng, ['plastic', 'mesh', 'fabric', 'mesh', 'leather', 'leather'], tier);
      const kind = rng.pick(['Task Chair', 'Ergonomic Office Chair', 'Conference Chair', 'Stacking Chair']);
      return {
        name: `${brand} ${kind}, ${material}`,
        brand,
        listPriceUsdCents: price(rng, [79, 899], tier),
        attributes: { material, dimensions_cm: dims(rng, [48, 70], [50, 70], [80, 125]), assembly_required: rng.chance(0.7), weight_kg: kg(rng, 6, 24), max_load_kg: tiered(rng, [100, 110, 120, 130, 150, 180], tier), adjustable_height: kind !== 'Stacking Chair' },
      };
    },
  },
  {
    category: 'Furniture', name: 'Tables', quantity: [1, 3],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Hartwell', 'Nordform', 'Oakline']);
      const material = tiered(rng, ['particle board', 'melamine', 'birch veneer', 'oak veneer', 'solid oak', 'walnut'], tier);
      const size = dims(rng, [100, 200], [60, 90], [72, 76]);
      const heightAdjustable = tier > 0 && rng.chance(0.5);
      return {
        name: `${brand} ${heightAdjustable ? 'Sit-Stand Desk' : rng.pick(['Desk', 'Meeting Table', 'Writing Desk'])} ${size.w}x${size.d}, ${material}`,
        brand,
        listPriceUsdCents: price(rng, [129, 1499], tier),
        attributes: { material, dimensions_cm: size, assembly_required: true, weight_kg: kg(rng, 18, 75), height_adjustable: heightAdjustable, ...(heightAdjustable ? { height_range_cm: { min: 62, max: rng.pick([118, 125, 128]) } } : {}) },
      };
    },
  },
  {
    category: 'Furniture', name: 'Bookcases', quantity: [1, 3],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Oakline', 'Nordform']);
      const shelves = rng.int(2, 6);
      const material = tiered(rng, ['particle board', 'melamine', 'pine', 'oak veneer', 'solid oak', 'steel'], tier);
      return {
        name: `${brand} ${shelves}-Shelf Bookcase, ${material}`,
        brand,
        listPriceUsdCents: price(rng, [79, 699], tier),
        attributes: { material, dimensions_cm: dims(rng, [60, 120], [28, 40], [80 + shelves * 20, 100 + shelves * 35]), assembly_required: true, weight_kg: kg(rng, 15, 60), shelves, wall_anchor_included: rng.chance(0.8) },
      };
    },
  },
  {
    category: 'Furniture', name: 'Furnishings', quantity: [1, 8],
    draft(rng) {
      const tier = pickTier(rng);
      const brand = rng.pick(['Lumen & Co', 'Oakline', 'Casa Nord']);
      const kind = rng.pick(['Desk Lamp', 'Wall Clock', 'Area Rug', 'Picture Frame', 'Coat Stand']);
      const material = rng.pick(['aluminium', 'oak', 'wool', 'glass', 'steel']);
      return {
        name: `${brand} ${kind}, ${material}`,
        brand,
        listPriceUsdCents: price(rng, [12, 249], tier),
        attributes: { material, dimensions_cm: dims(rng, [10, 200], [2, 140], [10, 180]), assembly_required: kind === 'Coat Stand', weight_kg: kg(rng, 0.3, 9), kind: kind.toLowerCase(), ...(kind === 'Desk Lamp' ? { bulb: rng.pick(['LED 6 W', 'LED 9 W', 'E27']), dimmable: rng.chance(0.6) } : {}) },
      };
    },
  },
];
