import { countryCodes } from './countries';
import { currencyCodes } from './currencies';

/**
 * String shapes the rules check. Each says in words what it accepts, because that sentence becomes
 * the DLQ reason. Contact formats are deliberately loose: they catch values that are not an address
 * or a number at all ("n/a", "john.doe@", an email typed into the phone field), never an unusual but
 * real one, since dead-lettering a customer for a valid address would lose a real customer row.
 */
export interface Format {
  /** Completes "<table>.<column> must be …". */
  readonly describe: string;
  /** Personal data: a reason says how long the value was, never what it was. */
  readonly pii: boolean;
  test(text: string): boolean;
}

export const currencyCode: Format = {
  describe: 'an ISO 4217 currency code such as "EUR"',
  pii: false,
  test: (text) => currencyCodes.has(text),
};

export const countryCode: Format = {
  describe: 'an ISO 3166-1 alpha-2 country code such as "DE"',
  pii: false,
  test: (text) => countryCodes.has(text),
};

// local@domain.tld: no spaces, one "@", a dotted domain whose last label has 2+ characters. Not RFC
// 5322 (quoted local parts, IP literals): shops' own sign-up forms reject those long before the binlog.
const emailShape = /^[^\s@]{1,64}@(?:[^\s@.]+\.)+[^\s@.]{2,}$/u;

export const emailAddress: Format = {
  describe: 'an email address (local@domain.tld, without spaces)',
  pii: true,
  // 254: the longest address SMTP can carry (RFC 5321 §4.5.3.1.3, path limit minus the brackets).
  test: (text) => text.length <= 254 && emailShape.test(text),
};

// E.164 allows at most 15 digits; fewer than 7 is no dialable number anywhere. People write numbers
// with spaces, dashes, dots, brackets and an extension, and all of those are fine.
const phoneExtension = /\s*(?:ext\.?|x|#)\s*\d{1,6}$/i;
const phoneShape = /^\+?[\d(][\d\s()./-]*$/;

export const phoneNumber: Format = {
  describe: 'a phone number (optional "+", 7 to 15 digits, spaces and - . ( ) / between them)',
  pii: true,
  test: (text) => {
    const main = text.replace(phoneExtension, '');
    const digits = main.replace(/\D/g, '').length;
    return phoneShape.test(main) && digits >= 7 && digits <= 15;
  },
};

// Tenant ids become partition values, S3 prefixes and DynamoDB key prefixes (DESIGN.md, Tenants). A
// "/", a space or a second spelling differing only in case there would break segregation.
const tenantShape = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

export const tenantId: Format = {
  describe:
    'a tenant id: lower-case letters and digits in groups joined by "-" or "_", at most 32 characters',
  pii: false,
  test: (text) => text.length <= 32 && tenantShape.test(text),
};

// SKUs, warehouse and market ids are primary keys compared byte for byte downstream (ascii_bin at the
// source, Kafka keys, DynamoDB keys): " ACME-1", "acme-1" and "ACME--1" would be distinct keys for
// what people read as one thing, so only GlobalMart's upper-case, hyphen-joined form passes.
const upperKeyShape = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

export function upperKey(name: string, maxLength: number, example: string): Format {
  return {
    describe: `${name}: upper-case letters and digits in groups joined by "-", at most ${maxLength} characters, such as "${example}"`,
    pii: false,
    test: (text) => text.length <= maxLength && upperKeyShape.test(text),
  };
}

export const sku = upperKey('a SKU', 32, 'ACME-TEC-00001');
export const warehouseId = upperKey('a warehouse id', 32, 'ACME-WH-US-CA-01');
export const marketId = upperKey('a market id', 8, 'US-CA');
