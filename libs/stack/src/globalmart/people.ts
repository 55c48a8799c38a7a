import { asciiFold, type Locale, locales } from './locales';
import type { Country, Market } from './markets';
import { marketLocale } from './markets';
import type { Random } from './prng';

export interface PersonName {
  first: string;
  last: string;
  /** The surname people put in an email address: the paternal one of a Spanish double surname. */
  emailSurname: string;
}

/** Picks the male or female form of a gendered surname ('Kowalski|Kowalska'). */
function surname(rng: Random, locale: Locale, female: boolean): string {
  const [male, fem] = rng.pick(locale.surnames).split('|');
  return (female ? (fem ?? male) : male) ?? '';
}

export function personName(rng: Random, locale: Locale): PersonName {
  const female = rng.chance(0.5);
  const first = rng.pick(female ? locale.female : locale.male);
  const paternal = surname(rng, locale, female);
  const last = locale.doubleSurname ? `${paternal} ${surname(rng, locale, female)}` : paternal;
  return { first, last, emailSurname: paternal };
}

export interface PostalAddress {
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
}

export function postalAddress(rng: Random, market: Market): PostalAddress {
  const localeId = marketLocale(market);
  const locale = locales[localeId];
  const [city, postal] = rng.pick(market.cities);
  // North American house numbers run into the thousands; European ones rarely pass a hundred or so.
  const bigNumbers = localeId === 'en_US' || localeId === 'en_CA' || localeId === 'fr_CA';
  const houseNumber = bigNumbers ? rng.int(10, 9999) : rng.int(1, 160);
  const line1 = locale.addressFormat
    .replace('{street}', rng.pick(locale.streets))
    .replace('{n}', String(houseNumber));
  const line2 =
    locale.line2.length > 0 && rng.chance(locale.line2Share)
      ? rng.pattern(rng.pick(locale.line2).replace(/\{n\}/g, () => String(rng.int(1, 40))))
      : null;
  return { line1, line2, city, postalCode: rng.pattern(postal) };
}

export function phoneNumber(rng: Random, country: Country, market: Market): string {
  return rng.pattern(country.phone.replace('{area}', market.area ?? ''));
}

/**
 * A unique address in the style people choose ('anna.mueller', 'amueller84', ...). Uniqueness is
 * across the whole seed, so a number is appended when the preferred form is taken.
 */
export function emailAddress(rng: Random, name: PersonName, domain: string, taken: Set<string>): string {
  const first = asciiFold(name.first) || 'user';
  const last = asciiFold(name.emailSurname) || 'mail';
  const year = String(rng.int(60, 105) % 100).padStart(2, '0');
  const local = rng.pick([
    `${first}.${last}`,
    `${first}.${last}`,
    `${first}${last}`,
    `${first.charAt(0)}${last}`,
    `${first}_${last}`,
    `${first}.${last}${year}`,
    `${last}.${first}`,
  ]);
  let candidate = `${local}@${domain}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${local}${n}@${domain}`;
  taken.add(candidate);
  return candidate;
}
