import type { LocaleId } from './locales';

export type Region = 'North America' | 'Europe';

export interface Country {
  code: string;
  name: string;
  region: Region;
  currency: string;
  locale: LocaleId;
  /** Sales tax / VAT in percent, unless the market overrides it. */
  taxRate: number;
  /** '#' digit; '{area}' is the market's area code. Fictional ranges where a country reserves one. */
  phone: string;
  emailDomains: readonly string[];
  legalForms: readonly string[];
}

export interface Market {
  id: string;
  name: string;
  /** Relative population, so big markets get more customers and warehouses. */
  weight: number;
  /** Cities with their postal-code pattern ('#' digit, '@' letter). */
  cities: readonly (readonly [city: string, postal: string])[];
  taxRate?: number;
  area?: string;
  locale?: LocaleId;
}

const eurVat = (
  code: string,
  name: string,
  locale: LocaleId,
  taxRate: number,
  phone: string,
  emailDomains: string[],
  legalForms: string[],
): Country => ({
  code,
  name,
  region: 'Europe',
  currency: 'EUR',
  locale,
  taxRate,
  phone,
  emailDomains,
  legalForms,
});

// biome-ignore format: one country per line
export const countries: readonly Country[] = [
  // NANP 555-01xx numbers are reserved for fiction.
  { code: 'US', name: 'United States', region: 'North America', currency: 'USD', locale: 'en_US', taxRate: 6, phone: '+1 {area}-555-01##', emailDomains: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com', 'comcast.net'], legalForms: ['Inc.', 'LLC', 'Corp.'] },
  { code: 'CA', name: 'Canada', region: 'North America', currency: 'CAD', locale: 'en_CA', taxRate: 5, phone: '+1 {area}-555-01##', emailDomains: ['gmail.com', 'hotmail.ca', 'shaw.ca', 'rogers.com', 'videotron.ca'], legalForms: ['Inc.', 'Ltd.', 'Corp.'] },
  { code: 'MX', name: 'Mexico', region: 'North America', currency: 'MXN', locale: 'es_MX', taxRate: 16, phone: '+52 {area} ### ####', emailDomains: ['gmail.com', 'hotmail.com', 'yahoo.com.mx', 'prodigy.net.mx', 'outlook.com'], legalForms: ['S.A. de C.V.', 'S. de R.L. de C.V.'] },
  // Ofcom reserves 07700 900xxx for drama.
  { code: 'GB', name: 'United Kingdom', region: 'Europe', currency: 'GBP', locale: 'en_GB', taxRate: 20, phone: '+44 7700 900###', emailDomains: ['gmail.com', 'btinternet.com', 'hotmail.co.uk', 'sky.com', 'yahoo.co.uk'], legalForms: ['Ltd', 'plc', 'LLP'] },
  eurVat('DE', 'Germany', 'de', 19, '+49 15# ########', ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'posteo.de'], ['GmbH', 'AG', 'GmbH & Co. KG']),
  eurVat('FR', 'France', 'fr', 20, '+33 6 ## ## ## ##', ['orange.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'gmail.com'], ['SAS', 'SARL', 'SA']),
  eurVat('ES', 'Spain', 'es_ES', 21, '+34 6## ### ###', ['gmail.com', 'hotmail.es', 'telefonica.net', 'yahoo.es'], ['S.L.', 'S.A.']),
  eurVat('IT', 'Italy', 'it', 22, '+39 3## ### ####', ['libero.it', 'virgilio.it', 'tiscali.it', 'gmail.com', 'alice.it'], ['S.r.l.', 'S.p.A.']),
  eurVat('NL', 'Netherlands', 'nl', 21, '+31 6 ########', ['ziggo.nl', 'kpnmail.nl', 'xs4all.nl', 'gmail.com'], ['B.V.', 'N.V.']),
  eurVat('BE', 'Belgium', 'fr', 21, '+32 4## ## ## ##', ['skynet.be', 'telenet.be', 'proximus.be', 'gmail.com'], ['SRL', 'SA', 'BV']),
  eurVat('AT', 'Austria', 'de', 20, '+43 6## #######', ['gmx.at', 'aon.at', 'chello.at', 'gmail.com'], ['GmbH', 'AG']),
  eurVat('IE', 'Ireland', 'en_IE', 23, '+353 8# ### ####', ['eircom.net', 'gmail.com', 'hotmail.com', 'icloud.com'], ['Ltd', 'DAC', 'plc']),
  eurVat('PT', 'Portugal', 'pt', 23, '+351 9## ### ###', ['sapo.pt', 'gmail.com', 'hotmail.com', 'netcabo.pt'], ['Lda.', 'S.A.']),
  { code: 'CH', name: 'Switzerland', region: 'Europe', currency: 'CHF', locale: 'de', taxRate: 8.1, phone: '+41 7# ### ## ##', emailDomains: ['bluewin.ch', 'gmx.ch', 'sunrise.ch', 'gmail.com'], legalForms: ['AG', 'GmbH'] },
  { code: 'SE', name: 'Sweden', region: 'Europe', currency: 'SEK', locale: 'sv', taxRate: 25, phone: '+46 7# ### ## ##', emailDomains: ['telia.com', 'gmail.com', 'hotmail.se', 'bredband.net'], legalForms: ['AB'] },
  { code: 'NO', name: 'Norway', region: 'Europe', currency: 'NOK', locale: 'nb', taxRate: 25, phone: '+47 9## ## ###', emailDomains: ['online.no', 'hotmail.no', 'gmail.com', 'getmail.no'], legalForms: ['AS', 'ASA'] },
  { code: 'DK', name: 'Denmark', region: 'Europe', currency: 'DKK', locale: 'da', taxRate: 25, phone: '+45 ## ## ## ##', emailDomains: ['mail.dk', 'jubii.dk', 'gmail.com', 'hotmail.dk'], legalForms: ['A/S', 'ApS'] },
  eurVat('FI', 'Finland', 'fi', 25.5, '+358 4# ### ####', ['luukku.com', 'elisanet.fi', 'gmail.com', 'kolumbus.fi'], ['Oy', 'Oyj']),
  { code: 'PL', name: 'Poland', region: 'Europe', currency: 'PLN', locale: 'pl', taxRate: 23, phone: '+48 5## ### ###', emailDomains: ['wp.pl', 'onet.pl', 'o2.pl', 'interia.pl', 'gmail.com'], legalForms: ['sp. z o.o.', 'S.A.'] },
  { code: 'CZ', name: 'Czechia', region: 'Europe', currency: 'CZK', locale: 'cs', taxRate: 21, phone: '+420 6## ### ###', emailDomains: ['seznam.cz', 'email.cz', 'centrum.cz', 'gmail.com'], legalForms: ['s.r.o.', 'a.s.'] },
  { code: 'HU', name: 'Hungary', region: 'Europe', currency: 'HUF', locale: 'hu', taxRate: 27, phone: '+36 30 ### ####', emailDomains: ['freemail.hu', 'citromail.hu', 'gmail.com', 't-online.hu'], legalForms: ['Kft.', 'Zrt.'] },
  { code: 'RO', name: 'Romania', region: 'Europe', currency: 'RON', locale: 'ro', taxRate: 21, phone: '+40 7## ### ###', emailDomains: ['yahoo.ro', 'gmail.com', 'yahoo.com'], legalForms: ['S.R.L.', 'S.A.'] },
  eurVat('GR', 'Greece', 'el', 24, '+30 69# ### ####', ['otenet.gr', 'yahoo.gr', 'gmail.com', 'hol.gr'], ['Α.Ε.', 'Ε.Π.Ε.']),
  eurVat('LU', 'Luxembourg', 'fr', 17, '+352 6## ### ###', ['pt.lu', 'internet.lu', 'gmail.com'], ['S.à r.l.', 'S.A.']),
  eurVat('SK', 'Slovakia', 'sk', 23, '+421 9## ### ###', ['azet.sk', 'zoznam.sk', 'gmail.com', 'centrum.sk'], ['s.r.o.', 'a.s.']),
  eurVat('SI', 'Slovenia', 'sl', 22, '+386 4# ### ###', ['siol.net', 'gmail.com', 't-2.net'], ['d.o.o.', 'd.d.']),
  eurVat('HR', 'Croatia', 'hr', 25, '+385 9# ### ####', ['net.hr', 'gmail.com', 'inet.hr', 't-com.hr'], ['d.o.o.', 'd.d.']),
  eurVat('EE', 'Estonia', 'et', 24, '+372 5### ####', ['hot.ee', 'mail.ee', 'gmail.com'], ['OÜ', 'AS']),
  eurVat('LV', 'Latvia', 'lv', 21, '+371 2### ####', ['inbox.lv', 'apollo.lv', 'gmail.com'], ['SIA', 'AS']),
  eurVat('LT', 'Lithuania', 'lt', 21, '+370 6## #####', ['gmail.com', 'one.lt', 'inbox.lt'], ['UAB', 'AB']),
  // Bulgaria adopted the euro on 2026-01-01.
  eurVat('BG', 'Bulgaria', 'bg', 20, '+359 8# ### ####', ['abv.bg', 'mail.bg', 'gmail.com'], ['ЕООД', 'ООД', 'АД']),
  { code: 'IS', name: 'Iceland', region: 'Europe', currency: 'ISK', locale: 'is', taxRate: 24, phone: '+354 6## ####', emailDomains: ['simnet.is', 'internet.is', 'gmail.com'], legalForms: ['ehf.', 'hf.'] },
];

const us = (
  code: string,
  name: string,
  weight: number,
  taxRate: number,
  area: string,
  cities: [string, string][],
): Market => ({
  id: `US-${code}`,
  name,
  weight,
  taxRate,
  area,
  cities,
});

const ca = (
  code: string,
  name: string,
  weight: number,
  taxRate: number,
  area: string,
  cities: [string, string][],
  locale?: LocaleId,
): Market => ({
  id: `CA-${code}`,
  name,
  weight,
  taxRate,
  area,
  cities,
  ...(locale ? { locale } : {}),
});

const mx = (
  code: string,
  name: string,
  weight: number,
  area: string,
  cities: [string, string][],
): Market => ({
  id: `MX-${code}`,
  name,
  weight,
  area,
  cities,
});

const eu = (id: string, name: string, weight: number, cities: [string, string][]): Market => ({
  id,
  name,
  weight,
  cities,
});

// biome-ignore format: one market per line
export const markets: readonly Market[] = [
  us('AL', 'Alabama', 5.1, 4, '205', [['Birmingham', '352##'], ['Montgomery', '361##']]),
  us('AK', 'Alaska', 0.7, 0, '907', [['Anchorage', '995##'], ['Fairbanks', '997##']]),
  us('AZ', 'Arizona', 7.4, 5.6, '602', [['Phoenix', '850##'], ['Tucson', '857##']]),
  us('AR', 'Arkansas', 3.1, 6.5, '501', [['Little Rock', '722##'], ['Fayetteville', '727##']]),
  us('CA', 'California', 39, 7.25, '213', [['Los Angeles', '900##'], ['San Francisco', '941##'], ['San Diego', '921##']]),
  us('CO', 'Colorado', 5.9, 2.9, '303', [['Denver', '802##'], ['Colorado Springs', '809##']]),
  us('CT', 'Connecticut', 3.6, 6.35, '860', [['Hartford', '061##'], ['New Haven', '065##']]),
  us('DE', 'Delaware', 1, 0, '302', [['Wilmington', '198##'], ['Dover', '199##']]),
  us('DC', 'District of Columbia', 0.7, 6, '202', [['Washington', '200##']]),
  us('FL', 'Florida', 22.6, 6, '305', [['Miami', '331##'], ['Orlando', '328##'], ['Tampa', '336##']]),
  us('GA', 'Georgia', 11, 4, '404', [['Atlanta', '303##'], ['Savannah', '314##']]),
  us('HI', 'Hawaii', 1.4, 4, '808', [['Honolulu', '968##']]),
  us('ID', 'Idaho', 2, 6, '208', [['Boise', '837##']]),
  us('IL', 'Illinois', 12.5, 6.25, '312', [['Chicago', '606##'], ['Springfield', '627##']]),
  us('IN', 'Indiana', 6.9, 7, '317', [['Indianapolis', '462##'], ['Fort Wayne', '468##']]),
  us('IA', 'Iowa', 3.2, 6, '515', [['Des Moines', '503##'], ['Cedar Rapids', '524##']]),
  us('KS', 'Kansas', 2.9, 6.5, '316', [['Wichita', '672##'], ['Topeka', '666##']]),
  us('KY', 'Kentucky', 4.5, 6, '502', [['Louisville', '402##'], ['Lexington', '405##']]),
  us('LA', 'Louisiana', 4.6, 4.45, '504', [['New Orleans', '701##'], ['Baton Rouge', '708##']]),
  us('ME', 'Maine', 1.4, 5.5, '207', [['Portland', '041##'], ['Bangor', '044##']]),
  us('MD', 'Maryland', 6.2, 6, '410', [['Baltimore', '212##'], ['Annapolis', '214##']]),
  us('MA', 'Massachusetts', 7, 6.25, '617', [['Boston', '021##'], ['Worcester', '016##']]),
  us('MI', 'Michigan', 10, 6, '313', [['Detroit', '482##'], ['Grand Rapids', '495##']]),
  us('MN', 'Minnesota', 5.7, 6.875, '612', [['Minneapolis', '554##'], ['Saint Paul', '551##']]),
  us('MS', 'Mississippi', 2.9, 7, '601', [['Jackson', '392##'], ['Gulfport', '395##']]),
  us('MO', 'Missouri', 6.2, 4.225, '314', [['St. Louis', '631##'], ['Kansas City', '641##']]),
  us('MT', 'Montana', 1.1, 0, '406', [['Billings', '591##'], ['Missoula', '598##']]),
  us('NE', 'Nebraska', 2, 5.5, '402', [['Omaha', '681##'], ['Lincoln', '685##']]),
  us('NV', 'Nevada', 3.2, 6.85, '702', [['Las Vegas', '891##'], ['Reno', '895##']]),
  us('NH', 'New Hampshire', 1.4, 0, '603', [['Manchester', '031##'], ['Concord', '033##']]),
  us('NJ', 'New Jersey', 9.3, 6.625, '973', [['Newark', '071##'], ['Jersey City', '073##']]),
  us('NM', 'New Mexico', 2.1, 4.875, '505', [['Albuquerque', '871##'], ['Santa Fe', '875##']]),
  us('NY', 'New York', 19.6, 4, '212', [['New York', '100##'], ['Buffalo', '142##']]),
  us('NC', 'North Carolina', 10.8, 4.75, '704', [['Charlotte', '282##'], ['Raleigh', '276##']]),
  us('ND', 'North Dakota', 0.8, 5, '701', [['Fargo', '581##'], ['Bismarck', '585##']]),
  us('OH', 'Ohio', 11.8, 5.75, '614', [['Columbus', '432##'], ['Cleveland', '441##']]),
  us('OK', 'Oklahoma', 4, 4.5, '405', [['Oklahoma City', '731##'], ['Tulsa', '741##']]),
  us('OR', 'Oregon', 4.2, 0, '503', [['Portland', '972##'], ['Eugene', '974##']]),
  us('PA', 'Pennsylvania', 13, 6, '215', [['Philadelphia', '191##'], ['Pittsburgh', '152##']]),
  us('RI', 'Rhode Island', 1.1, 7, '401', [['Providence', '029##']]),
  us('SC', 'South Carolina', 5.3, 6, '843', [['Charleston', '294##'], ['Columbia', '292##']]),
  us('SD', 'South Dakota', 0.9, 4.2, '605', [['Sioux Falls', '571##'], ['Rapid City', '577##']]),
  us('TN', 'Tennessee', 7.1, 7, '615', [['Nashville', '372##'], ['Memphis', '381##']]),
  us('TX', 'Texas', 30.5, 6.25, '713', [['Houston', '770##'], ['Dallas', '752##'], ['Austin', '787##']]),
  us('UT', 'Utah', 3.4, 6.1, '801', [['Salt Lake City', '841##'], ['Provo', '846##']]),
  us('VT', 'Vermont', 0.6, 6, '802', [['Burlington', '054##']]),
  us('VA', 'Virginia', 8.7, 5.3, '804', [['Richmond', '232##'], ['Virginia Beach', '234##']]),
  us('WA', 'Washington', 7.8, 6.5, '206', [['Seattle', '981##'], ['Spokane', '992##']]),
  us('WV', 'West Virginia', 1.8, 6, '304', [['Charleston', '253##'], ['Morgantown', '265##']]),
  us('WI', 'Wisconsin', 5.9, 5, '414', [['Milwaukee', '532##'], ['Madison', '537##']]),
  us('WY', 'Wyoming', 0.6, 4, '307', [['Cheyenne', '820##'], ['Casper', '826##']]),

  ca('ON', 'Ontario', 15.6, 13, '416', [['Toronto', 'M#@ #@#'], ['Ottawa', 'K#@ #@#']]),
  ca('QC', 'Québec', 8.9, 14.975, '514', [['Montréal', 'H#@ #@#'], ['Québec', 'G#@ #@#']], 'fr_CA'),
  ca('BC', 'British Columbia', 5.6, 12, '604', [['Vancouver', 'V#@ #@#'], ['Victoria', 'V#@ #@#']]),
  ca('AB', 'Alberta', 4.8, 5, '403', [['Calgary', 'T#@ #@#'], ['Edmonton', 'T#@ #@#']]),
  ca('MB', 'Manitoba', 1.5, 12, '204', [['Winnipeg', 'R#@ #@#']]),
  ca('SK', 'Saskatchewan', 1.2, 11, '306', [['Saskatoon', 'S#@ #@#'], ['Regina', 'S#@ #@#']]),
  ca('NS', 'Nova Scotia', 1.1, 14, '902', [['Halifax', 'B#@ #@#']]),
  ca('NB', 'New Brunswick', 0.8, 15, '506', [['Moncton', 'E#@ #@#'], ['Fredericton', 'E#@ #@#']]),
  ca('NL', 'Newfoundland and Labrador', 0.5, 15, '709', [["St. John's", 'A#@ #@#']]),
  ca('PE', 'Prince Edward Island', 0.2, 15, '902', [['Charlottetown', 'C#@ #@#']]),
  ca('YT', 'Yukon', 0.04, 5, '867', [['Whitehorse', 'Y#@ #@#']]),
  ca('NT', 'Northwest Territories', 0.045, 5, '867', [['Yellowknife', 'X#@ #@#']]),
  ca('NU', 'Nunavut', 0.04, 5, '867', [['Iqaluit', 'X#@ #@#']]),

  mx('CMX', 'Ciudad de México', 9.2, '55', [['Ciudad de México', '06###']]),
  mx('JAL', 'Jalisco', 8.3, '33', [['Guadalajara', '44###'], ['Zapopan', '45###']]),
  mx('NLE', 'Nuevo León', 5.8, '81', [['Monterrey', '64###'], ['San Pedro Garza García', '66###']]),
  mx('MEX', 'Estado de México', 16.9, '722', [['Toluca', '50###'], ['Naucalpan', '53###']]),
  mx('PUE', 'Puebla', 6.6, '222', [['Puebla', '72###']]),
  mx('GUA', 'Guanajuato', 6.2, '477', [['León', '37###'], ['Guanajuato', '36###']]),

  eu('GB-ENG', 'England', 57, [['London', 'SW## #@@'], ['Manchester', 'M## #@@'], ['Birmingham', 'B## #@@'], ['Bristol', 'BS# #@@']]),
  eu('GB-SCT', 'Scotland', 5.5, [['Edinburgh', 'EH# #@@'], ['Glasgow', 'G## #@@']]),
  eu('GB-WLS', 'Wales', 3.1, [['Cardiff', 'CF## #@@'], ['Swansea', 'SA# #@@']]),
  eu('GB-NIR', 'Northern Ireland', 1.9, [['Belfast', 'BT# #@@'], ['Derry', 'BT4# #@@']]),
  eu('DE-BY', 'Bayern', 13.4, [['München', '80###'], ['Nürnberg', '90###']]),
  eu('DE-BE', 'Berlin', 3.8, [['Berlin', '10###']]),
  eu('DE-HH', 'Hamburg', 1.9, [['Hamburg', '22###']]),
  eu('DE-NW', 'Nordrhein-Westfalen', 18, [['Köln', '50###'], ['Düsseldorf', '40###'], ['Dortmund', '44###']]),
  eu('DE-HE', 'Hessen', 6.4, [['Frankfurt am Main', '60###'], ['Wiesbaden', '65###']]),
  eu('DE-BW', 'Baden-Württemberg', 11.3, [['Stuttgart', '70###'], ['Karlsruhe', '76###']]),
  eu('DE-SN', 'Sachsen', 4.1, [['Dresden', '01###'], ['Leipzig', '04###']]),
  eu('DE-NI', 'Niedersachsen', 8.1, [['Hannover', '30###'], ['Braunschweig', '38###']]),
  eu('FR-IDF', 'Île-de-France', 12.4, [['Paris', '750##'], ['Boulogne-Billancourt', '92100']]),
  eu('FR-ARA', 'Auvergne-Rhône-Alpes', 8.1, [['Lyon', '6900#'], ['Grenoble', '380##']]),
  eu('FR-PAC', "Provence-Alpes-Côte d'Azur", 5.1, [['Marseille', '130##'], ['Nice', '060##']]),
  eu('FR-NAQ', 'Nouvelle-Aquitaine', 6, [['Bordeaux', '330##'], ['Limoges', '870##']]),
  eu('FR-OCC', 'Occitanie', 6, [['Toulouse', '310##'], ['Montpellier', '340##']]),
  eu('FR-HDF', 'Hauts-de-France', 6, [['Lille', '590##'], ['Amiens', '800##']]),
  eu('ES-MD', 'Comunidad de Madrid', 6.8, [['Madrid', '280##'], ['Alcalá de Henares', '288##']]),
  eu('ES-CT', 'Cataluña', 7.8, [['Barcelona', '080##'], ['Girona', '170##']]),
  eu('ES-AN', 'Andalucía', 8.5, [['Sevilla', '410##'], ['Málaga', '290##']]),
  eu('ES-VC', 'Comunitat Valenciana', 5.1, [['Valencia', '460##'], ['Alicante', '030##']]),
  eu('IT-25', 'Lombardia', 10, [['Milano', '201##'], ['Bergamo', '241##']]),
  eu('IT-62', 'Lazio', 5.7, [['Roma', '001##'], ['Latina', '04100']]),
  eu('IT-72', 'Campania', 5.6, [['Napoli', '801##'], ['Salerno', '841##']]),
  eu('IT-21', 'Piemonte', 4.2, [['Torino', '101##'], ['Novara', '281##']]),
  eu('NL-NH', 'Noord-Holland', 2.9, [['Amsterdam', '10## @@'], ['Haarlem', '20## @@']]),
  eu('BE-BRU', 'Bruxelles-Capitale', 1.2, [['Bruxelles', '10##'], ['Ixelles', '1050']]),
  eu('AT-9', 'Wien', 2, [['Wien', '1##0']]),
  eu('IE-L', 'Leinster', 2.9, [['Dublin', 'D0# @###'], ['Naas', 'W91 @###']]),
  eu('PT-11', 'Lisboa', 2.3, [['Lisboa', '1###-###'], ['Sintra', '27##-###']]),
  eu('CH-ZH', 'Zürich', 1.6, [['Zürich', '80##'], ['Winterthur', '84##']]),
  eu('SE-AB', 'Stockholms län', 2.4, [['Stockholm', '1## ##'], ['Södertälje', '15# ##']]),
  eu('NO-03', 'Oslo', 0.7, [['Oslo', '0###']]),
  eu('DK-84', 'Hovedstaden', 1.9, [['København', '1###'], ['Frederiksberg', '2000']]),
  eu('FI-18', 'Uusimaa', 1.7, [['Helsinki', '00###'], ['Espoo', '02###']]),
  eu('PL-MZ', 'Mazowieckie', 5.5, [['Warszawa', '0#-###'], ['Radom', '26-###']]),
  eu('CZ-10', 'Praha', 1.3, [['Praha', '1## ##']]),
  eu('HU-BU', 'Budapest', 1.7, [['Budapest', '1###']]),
  eu('RO-B', 'București', 1.8, [['București', '0#####']]),
  eu('GR-I', 'Attiki', 3.8, [['Αθήνα', '1## ##'], ['Πειραιάς', '18# ##']]),
  eu('LU-LU', 'Luxembourg', 0.2, [['Luxembourg', 'L-1###'], ['Esch-sur-Alzette', 'L-4###']]),
  eu('SK-BL', 'Bratislavský kraj', 0.7, [['Bratislava', '8## ##']]),
  eu('SI-061', 'Ljubljana', 0.3, [['Ljubljana', '1###']]),
  eu('HR-21', 'Grad Zagreb', 0.8, [['Zagreb', '10###']]),
  eu('EE-37', 'Harjumaa', 0.6, [['Tallinn', '1####']]),
  eu('LV-RIX', 'Rīga', 0.6, [['Rīga', 'LV-10##']]),
  eu('LT-VL', 'Vilniaus apskritis', 0.8, [['Vilnius', 'LT-0####']]),
  eu('BG-22', 'София-град', 1.3, [['София', '1###']]),
  eu('IS-1', 'Höfuðborgarsvæði', 0.24, [['Reykjavík', '1##'], ['Kópavogur', '20#']]),
];

const countryByCode = new Map(countries.map((c) => [c.code, c]));

export function countryOf(market: Market): Country {
  const country = countryByCode.get(market.id.slice(0, 2));
  if (!country) throw new Error(`market ${market.id} has no country entry`);
  return country;
}

export function marketTaxRate(market: Market): number {
  return market.taxRate ?? countryOf(market).taxRate;
}

export function marketLocale(market: Market): LocaleId {
  return market.locale ?? countryOf(market).locale;
}

/** Approximate USD value of one unit at the start of the seed period; the generator walks from here. */
export const baseRatesToUsd: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 1.16,
  GBP: 1.31,
  CAD: 0.712,
  MXN: 0.0543,
  CHF: 1.25,
  SEK: 0.105,
  NOK: 0.0987,
  DKK: 0.1553,
  PLN: 0.2735,
  CZK: 0.0478,
  HUF: 0.00301,
  RON: 0.2281,
  ISK: 0.00786,
};

/** Currencies pegged to the euro move with it instead of walking on their own. */
export const euroPegs: Readonly<Record<string, number>> = { DKK: 7.46038 };
