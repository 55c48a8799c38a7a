import { countryCodes } from './countries';
import { currencyCodes } from './currencies';
import {
  countryCode,
  currencyCode,
  emailAddress,
  type Format,
  marketId,
  phoneNumber,
  sku,
  tenantId,
} from './formats';

const accepts = (format: Format, values: readonly string[]) =>
  expect(values.filter((v) => !format.test(v))).toEqual([]);
const rejects = (format: Format, values: readonly string[]) =>
  expect(values.filter((v) => format.test(v))).toEqual([]);

describe('formats', () => {
  it('currency: listed ISO 4217 codes only', () => {
    accepts(currencyCode, ['EUR', 'USD', 'GBP', 'CHF', 'MXN', 'ISK', 'XCG', 'BGN']);
    rejects(currencyCode, ['eur', 'EURO', 'EU', 'XTS', 'XXX', 'XAU', 'CHE', 'ABC', '', ' EUR']);
  });

  it('country: the 249 assigned ISO 3166-1 alpha-2 codes and XK', () => {
    expect(countryCodes.size).toBe(250);
    accepts(countryCode, ['DE', 'GB', 'US', 'IS', 'XK', 'AX']);
    rejects(countryCode, ['UK', 'EU', 'de', 'DEU', 'D', 'ZZ', 'EA', '']);
  });

  it('code lists name real places and currencies (checked against the ICU data Node ships)', () => {
    const regions = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
    expect([...countryCodes].filter((code) => regions.of(code) === undefined)).toEqual([]);
    const currencies = new Intl.DisplayNames('en', { type: 'currency', fallback: 'none' });
    expect([...currencyCodes].filter((code) => currencies.of(code) === undefined)).toEqual([]);
  });

  it('email: any real-looking address, nothing that cannot be one', () => {
    accepts(emailAddress, [
      'anna.mueller@gmx.de',
      "o'brien+shop@eircom.net",
      'info@alpinesystems.co.uk',
      'jürgen@müller.de',
      'a@b.co',
    ]);
    rejects(emailAddress, [
      '',
      'anna',
      'anna@',
      '@gmx.de',
      'anna@gmx',
      'anna@gmx.',
      'anna@.de',
      'anna@gmx..de',
      'anna@@gmx.de',
      'anna mueller@gmx.de',
      'anna@gmx.de ',
      `${'a'.repeat(65)}@gmx.de`,
    ]);
  });

  it('phone: loose E.164-ish, with the punctuation and extensions people write', () => {
    accepts(phoneNumber, [
      '+1 212-555-0123',
      '+44 7700 900123',
      '+33 6 12 34 56 78',
      '(030) 1234567',
      '0049 151/2345678',
      '+1 212.555.0123 x12',
      '+1 (212) 555-0123 ext. 45',
      '+49 30 1234567 #89',
      '+4915123456789',
    ]);
    rejects(phoneNumber, [
      '',
      'n/a',
      '123456',
      'ask reception',
      '+49 151 +2345678',
      '-49 151 2345678',
      '+49 151 2345678901234',
    ]);
  });

  it('tenant id: lower-case groups, at most 32 characters', () => {
    accepts(tenantId, ['acme', 'globex', 'umbrella_eu', 'tenant-42', 'a'.repeat(32)]);
    rejects(tenantId, ['', 'Acme', 'acme corp', 'acme/x', '-acme', 'acme_', 'acme--eu', 'a'.repeat(33)]);
  });

  it('upper-case keys: hyphen-joined groups within the column length', () => {
    accepts(sku, ['ACME-TEC-00001', 'HOOLI-FUR-12345', 'A', 'X'.repeat(32)]);
    rejects(sku, [
      '',
      'acme-tec-00001',
      'ACME_TEC',
      'ACME--TEC',
      '-ACME',
      'ACME-',
      'ACME TEC',
      'X'.repeat(33),
    ]);
    accepts(marketId, ['US-CA', 'GB-ENG', 'MX-CMX', 'IE-L']);
    rejects(marketId, ['DE-BAYERN', 'us-ca']);
  });
});
