/**
 * Small per-language word lists so that names and addresses look like the market they come from,
 * including the awkward parts real data has: apostrophes (O'Brien, rue de l'Église), diacritics,
 * lower-case surname particles (van den Berg), gendered surnames, Greek and Cyrillic script.
 */
export type LocaleId =
  | 'en_US'
  | 'en_CA'
  | 'fr_CA'
  | 'es_MX'
  | 'en_GB'
  | 'en_IE'
  | 'de'
  | 'fr'
  | 'es_ES'
  | 'it'
  | 'nl'
  | 'pt'
  | 'sv'
  | 'nb'
  | 'da'
  | 'fi'
  | 'is'
  | 'pl'
  | 'cs'
  | 'sk'
  | 'hu'
  | 'ro'
  | 'el'
  | 'bg'
  | 'hr'
  | 'sl'
  | 'et'
  | 'lv'
  | 'lt';

export interface Locale {
  female: readonly string[];
  male: readonly string[];
  /** 'Kowalski|Kowalska' where the surname takes a male and a female form. */
  surnames: readonly string[];
  /** Spanish-speaking markets carry two surnames (paternal, maternal). */
  doubleSurname?: boolean;
  streets: readonly string[];
  /** '{street}' and '{n}' (house number). */
  addressFormat: string;
  /** Optional second address lines; '{n}' a small number, '#' a digit. */
  line2: readonly string[];
  line2Share: number;
}

// biome-ignore format: word lists read better as rows
export const locales: Readonly<Record<LocaleId, Locale>> = {
  en_US: {
    female: ['Emily', 'Olivia', 'Madison', 'Ashley', 'Sarah', 'Jessica', 'Megan', 'Lauren', 'Hannah', 'Grace', 'Zoë'],
    male: ['James', 'Michael', 'Robert', 'David', 'William', 'Christopher', 'Matthew', 'Joshua', 'Daniel', 'Tyler'],
    surnames: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Lee', 'Nguyen', 'Patel', 'Kim', "O'Neil"],
    streets: ['Oak St', 'Maple Ave', 'Pine St', 'Cedar Ln', 'Elm St', 'Washington Blvd', 'Lakeview Dr', 'Park Ave', 'Main St', 'Sunset Blvd', 'Lincoln Way', 'Highland Rd', 'Jefferson St', 'Willow Ct'],
    addressFormat: '{n} {street}',
    line2: ['Apt {n}', 'Suite {n}', 'Unit {n}'],
    line2Share: 0.25,
  },
  en_CA: {
    female: ['Emma', 'Olivia', 'Charlotte', 'Amelia', 'Chloe', 'Sophie', 'Ava', 'Abigail'],
    male: ['Liam', 'Noah', 'Benjamin', 'Lucas', 'William', 'Ethan', 'Jacob', 'Owen'],
    surnames: ['Smith', 'Brown', 'Tremblay', 'Martin', 'Roy', 'Wilson', 'MacDonald', 'Campbell', 'Wong', 'Singh', 'Lee', 'Taylor', 'Anderson', "O'Brien"],
    streets: ['King St W', 'Queen St E', 'Yonge St', 'Bloor St W', 'Granville St', 'Jasper Ave', 'Portage Ave', 'Spring Garden Rd', 'Bank St'],
    addressFormat: '{n} {street}',
    line2: ['Unit {n}', 'Suite {n}', 'Apt {n}'],
    line2Share: 0.3,
  },
  fr_CA: {
    female: ['Marie', 'Léa', 'Camille', 'Chloé', 'Émilie', 'Florence', 'Rosalie', 'Noémie'],
    male: ['Jean', 'François', 'Mathieu', 'Étienne', 'Gabriel', 'Félix', 'Olivier', 'Samuel'],
    surnames: ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Bélanger', "D'Amours"],
    streets: ['rue Saint-Denis', 'boulevard René-Lévesque Ouest', 'avenue du Parc', 'rue Sherbrooke Est', 'chemin de la Côte-des-Neiges', 'rue Sainte-Catherine Ouest'],
    addressFormat: '{n}, {street}',
    line2: ['app. {n}', 'bureau {n}'],
    line2Share: 0.3,
  },
  es_MX: {
    female: ['María', 'Guadalupe', 'Fernanda', 'Sofía', 'Valeria', 'Ximena', 'Regina', 'Daniela'],
    male: ['José', 'Juan', 'Luis', 'Carlos', 'Alejandro', 'Diego', 'Santiago', 'Emiliano'],
    surnames: ['García', 'Hernández', 'López', 'Martínez', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Flores', 'Cruz', 'Gómez'],
    doubleSurname: true,
    streets: ['Av. Insurgentes Sur', 'Paseo de la Reforma', 'Calle Madero', 'Av. Chapultepec', 'Calle Morelos', 'Av. Juárez', 'Calle Hidalgo'],
    addressFormat: '{street} {n}',
    line2: ['Int. {n}', 'Depto. {n}', 'Col. Centro', 'Col. Roma Norte', 'Col. Del Valle'],
    line2Share: 0.6,
  },
  en_GB: {
    female: ['Olivia', 'Amelia', 'Isla', 'Sophie', 'Charlotte', 'Emily', 'Freya', 'Poppy'],
    male: ['Oliver', 'Harry', 'George', 'Jack', 'Thomas', 'Alfie', 'Callum', 'Rhys'],
    surnames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'MacLeod', 'Campbell', 'Hughes', 'Khan'],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane', "King's Road", 'Park Avenue', 'The Crescent', 'Queensway'],
    addressFormat: '{n} {street}',
    line2: ['Flat {n}'],
    line2Share: 0.2,
  },
  en_IE: {
    female: ['Aoife', 'Siobhán', 'Niamh', 'Saoirse', 'Ciara', 'Róisín', 'Emma', 'Grace'],
    male: ['Seán', 'Conor', 'Cian', 'Darragh', 'Pádraig', 'Oisín', 'Jack', 'Eoin'],
    surnames: ['Murphy', 'Kelly', "O'Sullivan", 'Walsh', "O'Brien", 'Byrne', 'Ryan', "O'Connor", 'McCarthy', 'Doyle', 'Ó Briain'],
    streets: ['Main Street', "St. Stephen's Green", 'Grafton Street', 'Dame Street', 'Baggot Street Lower', 'Church Road'],
    addressFormat: '{n} {street}',
    line2: ['Apartment {n}'],
    line2Share: 0.2,
  },
  de: {
    female: ['Anna', 'Lena', 'Katharina', 'Julia', 'Sophie', 'Laura', 'Jana', 'Birgit'],
    male: ['Lukas', 'Jonas', 'Maximilian', 'Felix', 'Jürgen', 'Stefan', 'Tobias', 'Matthias'],
    surnames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Gruber', 'Huber', 'Keller', 'Weiß'],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Schillerstraße', 'Gartenweg', 'Lindenallee', 'Goethestraße', 'Am Marktplatz', 'Mühlweg', 'Kirchgasse'],
    addressFormat: '{street} {n}',
    line2: ['c/o {n}. OG', 'Hinterhaus'],
    line2Share: 0.08,
  },
  fr: {
    female: ['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Élodie', 'Margaux', 'Anaïs'],
    male: ['Lucas', 'Hugo', 'Louis', 'Théo', 'Nicolas', 'Jérôme', 'Mathis', 'Loïc'],
    surnames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefèvre', 'Girard', 'Peeters', 'Janssens', "d'Hondt"],
    streets: ['rue de la République', 'avenue Victor Hugo', 'rue Pasteur', 'boulevard Saint-Michel', "rue de l'Église", 'place du Marché', 'rue du Moulin', 'avenue Louise'],
    addressFormat: '{n} {street}',
    line2: ['Bâtiment B', 'Appartement {n}', 'Résidence Les Tilleuls'],
    line2Share: 0.15,
  },
  es_ES: {
    female: ['Lucía', 'Carmen', 'Laura', 'Marta', 'Paula', 'Elena', 'Nuria', 'Begoña'],
    male: ['Antonio', 'Manuel', 'Javier', 'Pablo', 'Sergio', 'Álvaro', 'Jordi', 'Iñaki'],
    surnames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Puig', 'Ibáñez'],
    doubleSurname: true,
    streets: ['Calle Mayor', 'Calle de Alcalá', 'Avenida de la Constitución', 'Gran Vía', 'Passeig de Gràcia', 'Carrer de Balmes', 'Calle Sierpes', 'Avinguda Diagonal'],
    addressFormat: '{street}, {n}',
    line2: ['{n}º A', '{n}º B', '{n}º izq.', 'Bajo'],
    line2Share: 0.5,
  },
  it: {
    female: ['Giulia', 'Francesca', 'Chiara', 'Sara', 'Martina', 'Alessia', 'Federica', 'Ilaria'],
    male: ['Marco', 'Alessandro', 'Lorenzo', 'Matteo', 'Giuseppe', 'Davide', 'Niccolò', 'Andrea'],
    surnames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', "D'Angelo", 'De Luca', 'Conti', 'Fabbri'],
    streets: ['Via Roma', 'Via Giuseppe Garibaldi', 'Corso Vittorio Emanuele II', 'Via Dante Alighieri', 'Piazza della Repubblica', 'Via XX Settembre', 'Viale dei Mille'],
    addressFormat: '{street}, {n}',
    line2: ['Scala {n}', 'Interno {n}'],
    line2Share: 0.2,
  },
  nl: {
    female: ['Emma', 'Sanne', 'Lotte', 'Fleur', 'Anouk', 'Femke', 'Marloes', 'Ilse'],
    male: ['Daan', 'Sem', 'Bram', 'Lars', 'Thijs', 'Ruben', 'Joost', 'Sjoerd'],
    surnames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', "van 't Hof", 'Mulder'],
    streets: ['Kerkstraat', 'Dorpsstraat', 'Prinsengracht', 'Keizersgracht', 'Stationsweg', 'Molenweg', 'Herengracht', 'Spiegelgracht'],
    addressFormat: '{street} {n}',
    line2: ['{n}-hoog', 'huis'],
    line2Share: 0.15,
  },
  pt: {
    female: ['Maria', 'Ana', 'Beatriz', 'Inês', 'Mariana', 'Leonor', 'Joana', 'Catarina'],
    male: ['João', 'Rodrigo', 'Tiago', 'Francisco', 'Duarte', 'Gonçalo', 'Afonso', 'Rui'],
    surnames: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Martins', 'Sousa', 'Gonçalves', 'Conceição'],
    streets: ['Rua Augusta', 'Avenida da Liberdade', 'Rua do Ouro', 'Rua Garrett', 'Travessa do Carmo', 'Rua da Prata', 'Calçada da Estrela'],
    addressFormat: '{street}, {n}',
    line2: ['{n}º Esq.', '{n}º Dto.', 'R/C'],
    line2Share: 0.6,
  },
  sv: {
    female: ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Åsa', 'Linnéa', 'Ingrid'],
    male: ['Erik', 'Lars', 'Karl', 'Anders', 'Johan', 'Björn', 'Oskar', 'Gustav'],
    surnames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindström', 'Åberg'],
    streets: ['Storgatan', 'Drottninggatan', 'Kungsgatan', 'Sveavägen', 'Götgatan', 'Hornsgatan', 'Odengatan'],
    addressFormat: '{street} {n}',
    line2: ['lgh 1#0#', '{n} tr'],
    line2Share: 0.3,
  },
  nb: {
    female: ['Nora', 'Ingrid', 'Emma', 'Sofie', 'Kari', 'Solveig', 'Ragnhild', 'Maja'],
    male: ['Ole', 'Lars', 'Jakob', 'Magnus', 'Håkon', 'Øyvind', 'Sindre', 'Eirik'],
    surnames: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Ødegård', 'Bakken', 'Haugen'],
    streets: ['Karl Johans gate', 'Storgata', 'Bogstadveien', 'Grønlandsleiret', 'Markveien', 'Thorvald Meyers gate'],
    addressFormat: '{street} {n}',
    line2: ['H0{n}01'],
    line2Share: 0.2,
  },
  da: {
    female: ['Ida', 'Freja', 'Mette', 'Sofie', 'Emma', 'Signe', 'Karen', 'Line'],
    male: ['Søren', 'Mads', 'Rasmus', 'Frederik', 'Mikkel', 'Anders', 'Jesper', 'Niels'],
    surnames: ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Møller'],
    streets: ['Vesterbrogade', 'Nørrebrogade', 'Østerbrogade', 'Amagerbrogade', 'Gothersgade', 'Åboulevard', 'Strandvejen'],
    addressFormat: '{street} {n}',
    line2: ['{n}. th.', '{n}. tv.', 'st. th.'],
    line2Share: 0.5,
  },
  fi: {
    female: ['Aino', 'Sanna', 'Laura', 'Johanna', 'Päivi', 'Maija', 'Eveliina', 'Kaisa'],
    male: ['Mikko', 'Juha', 'Jukka', 'Antti', 'Matti', 'Väinö', 'Eetu', 'Tuomas'],
    surnames: ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen'],
    streets: ['Mannerheimintie', 'Aleksanterinkatu', 'Hämeentie', 'Bulevardi', 'Fredrikinkatu', 'Runeberginkatu'],
    addressFormat: '{street} {n}',
    line2: ['A {n}', 'B {n}', 'C {n}'],
    line2Share: 0.5,
  },
  is: {
    female: ['Guðrún', 'Anna', 'Sigríður', 'Kristín', 'Helga', 'Þórunn', 'Sólveig'],
    male: ['Jón', 'Sigurður', 'Guðmundur', 'Gunnar', 'Ólafur', 'Þórður', 'Einar'],
    // Patronymics: the same father's name gives -son to sons and -dóttir to daughters.
    surnames: ['Jónsson|Jónsdóttir', 'Sigurðsson|Sigurðardóttir', 'Guðmundsson|Guðmundsdóttir', 'Gunnarsson|Gunnarsdóttir', 'Ólafsson|Ólafsdóttir', 'Einarsson|Einarsdóttir'],
    streets: ['Laugavegur', 'Skólavörðustígur', 'Hverfisgata', 'Bankastræti', 'Suðurgata', 'Hamraborg'],
    addressFormat: '{street} {n}',
    line2: [],
    line2Share: 0,
  },
  pl: {
    female: ['Anna', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Zofia', 'Joanna', 'Magdalena'],
    male: ['Piotr', 'Krzysztof', 'Tomasz', 'Paweł', 'Łukasz', 'Michał', 'Grzegorz'],
    surnames: ['Nowak', 'Kowalski|Kowalska', 'Wiśniewski|Wiśniewska', 'Wójcik', 'Kowalczyk', 'Kamiński|Kamińska', 'Lewandowski|Lewandowska', 'Zieliński|Zielińska', 'Szymański|Szymańska', 'Woźniak', 'Dąbrowski|Dąbrowska'],
    streets: ['ul. Marszałkowska', 'ul. Nowy Świat', 'ul. Puławska', 'al. Jerozolimskie', 'ul. Grójecka', 'ul. Złota', 'ul. Żelazna'],
    addressFormat: '{street} {n}',
    line2: ['m. {n}', 'lok. {n}'],
    line2Share: 0.6,
  },
  cs: {
    female: ['Jana', 'Eva', 'Hana', 'Lucie', 'Tereza', 'Kateřina', 'Markéta'],
    male: ['Jiří', 'Jan', 'Petr', 'Tomáš', 'Martin', 'Lukáš', 'Ondřej'],
    surnames: ['Novák|Nováková', 'Svoboda|Svobodová', 'Novotný|Novotná', 'Dvořák|Dvořáková', 'Černý|Černá', 'Procházka|Procházková', 'Kučera|Kučerová', 'Veselý|Veselá'],
    streets: ['Václavské náměstí', 'Národní', 'Vinohradská', 'Karlova', 'Na Příkopě', 'Školská', 'Žitná'],
    addressFormat: '{street} {n}',
    line2: [],
    line2Share: 0,
  },
  sk: {
    female: ['Zuzana', 'Mária', 'Katarína', 'Lucia', 'Jana', 'Ľudmila'],
    male: ['Ján', 'Peter', 'Marek', 'Martin', 'Juraj', 'Ľubomír'],
    surnames: ['Horváth|Horváthová', 'Kováč|Kováčová', 'Varga|Vargová', 'Tóth|Tóthová', 'Nagy|Nagyová', 'Baláž|Balážová', 'Szabó|Szabóová'],
    streets: ['Obchodná', 'Laurinská', 'Štúrova', 'Michalská', 'Hlavná', 'Panská'],
    addressFormat: '{street} {n}',
    line2: [],
    line2Share: 0,
  },
  hu: {
    female: ['Anna', 'Katalin', 'Zsófia', 'Eszter', 'Réka', 'Ildikó', 'Boglárka'],
    male: ['László', 'István', 'Gábor', 'Zoltán', 'Péter', 'Ferenc', 'Bálint'],
    surnames: ['Nagy', 'Kovács', 'Tóth', 'Szabó', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas', 'Szűcs'],
    streets: ['Andrássy út', 'Váci utca', 'Rákóczi út', 'Király utca', 'Bajcsy-Zsilinszky út', 'Üllői út'],
    addressFormat: '{street} {n}.',
    line2: ['{n}. em. {n}.', 'fszt. {n}.'],
    line2Share: 0.5,
  },
  ro: {
    female: ['Maria', 'Elena', 'Ioana', 'Andreea', 'Alexandra', 'Mihaela'],
    male: ['Andrei', 'Alexandru', 'Mihai', 'Ionuț', 'Ștefan', 'Răzvan'],
    surnames: ['Popescu', 'Ionescu', 'Popa', 'Dumitru', 'Stan', 'Stoica', 'Gheorghe', 'Constantin', 'Rusu', 'Munteanu', 'Țurcanu'],
    streets: ['Calea Victoriei', 'Bulevardul Unirii', 'Strada Lipscani', 'Șoseaua Kiseleff', 'Bulevardul Magheru', 'Strada Știrbei Vodă'],
    addressFormat: '{street} nr. {n}',
    line2: ['bl. {n}, sc. A, ap. {n}', 'et. {n}, ap. {n}'],
    line2Share: 0.5,
  },
  el: {
    female: ['Μαρία', 'Ελένη', 'Αικατερίνη', 'Βασιλική', 'Σοφία', 'Γεωργία'],
    male: ['Γεώργιος', 'Ιωάννης', 'Κωνσταντίνος', 'Δημήτριος', 'Νικόλαος', 'Παναγιώτης'],
    surnames: ['Παπαδόπουλος|Παπαδοπούλου', 'Παπαδάκης|Παπαδάκη', 'Γεωργίου', 'Οικονόμου', 'Βασιλείου', 'Νικολάου', 'Μακρής|Μακρή', 'Αντωνίου'],
    streets: ['Ερμού', 'Σταδίου', 'Πανεπιστημίου', 'Λεωφόρος Συγγρού', 'Ακαδημίας', 'Πατησίων'],
    addressFormat: '{street} {n}',
    line2: [],
    line2Share: 0,
  },
  bg: {
    female: ['Мария', 'Иванка', 'Елена', 'Десислава', 'Гергана', 'Цветелина'],
    male: ['Георги', 'Иван', 'Димитър', 'Николай', 'Петър', 'Христо'],
    surnames: ['Иванов|Иванова', 'Георгиев|Георгиева', 'Димитров|Димитрова', 'Петров|Петрова', 'Николов|Николова', 'Христов|Христова', 'Стоянов|Стоянова'],
    streets: ['бул. Витоша', 'ул. Граф Игнатиев', 'бул. Цар Освободител', 'ул. Шипка', 'ул. Раковски', 'бул. България'],
    addressFormat: '{street} {n}',
    line2: ['вх. А, ет. {n}, ап. {n}'],
    line2Share: 0.4,
  },
  hr: {
    female: ['Ana', 'Ivana', 'Marija', 'Petra', 'Lucija', 'Mia'],
    male: ['Ivan', 'Marko', 'Luka', 'Josip', 'Tomislav', 'Željko'],
    surnames: ['Horvat', 'Kovačević', 'Babić', 'Marić', 'Jurić', 'Novak', 'Knežević', 'Vuković', 'Šimić'],
    streets: ['Ilica', 'Vlaška ulica', 'Savska cesta', 'Radnička cesta', 'Trg bana Josipa Jelačića', 'Maksimirska cesta'],
    addressFormat: '{street} {n}',
    line2: [],
    line2Share: 0,
  },
  sl: {
    female: ['Maja', 'Nina', 'Eva', 'Špela', 'Katja', 'Urška'],
    male: ['Luka', 'Matej', 'Žiga', 'Jan', 'Rok', 'Blaž'],
    surnames: ['Novak', 'Horvat', 'Kovačič', 'Krajnc', 'Zupančič', 'Potočnik', 'Kos', 'Vidmar', 'Golob'],
    streets: ['Slovenska cesta', 'Čopova ulica', 'Trubarjeva cesta', 'Dunajska cesta', 'Celovška cesta'],
    addressFormat: '{street} {n}',
    line2: [],
    line2Share: 0,
  },
  et: {
    female: ['Maria', 'Anna', 'Kadri', 'Liis', 'Triin', 'Kärt'],
    male: ['Martin', 'Rasmus', 'Mart', 'Jaan', 'Toomas', 'Jüri'],
    surnames: ['Tamm', 'Saar', 'Sepp', 'Mägi', 'Kask', 'Kukk', 'Rebane', 'Ilves', 'Õunapuu'],
    streets: ['Narva mnt', 'Pärnu mnt', 'Tartu mnt', 'Viru', 'Pikk', 'Toompuiestee'],
    addressFormat: '{street} {n}',
    line2: ['korter {n}'],
    line2Share: 0.4,
  },
  lv: {
    female: ['Anna', 'Kristīne', 'Līga', 'Inese', 'Laura', 'Ilze'],
    male: ['Jānis', 'Andris', 'Mārtiņš', 'Edgars', 'Artūrs', 'Kārlis'],
    surnames: ['Bērziņš|Bērziņa', 'Kalniņš|Kalniņa', 'Ozoliņš|Ozoliņa', 'Jansons|Jansone', 'Liepiņš|Liepiņa', 'Krūmiņš|Krūmiņa'],
    streets: ['Brīvības iela', 'Elizabetes iela', 'Tērbatas iela', 'Krišjāņa Valdemāra iela', 'Čaka iela'],
    addressFormat: '{street} {n}',
    line2: ['dz. {n}'],
    line2Share: 0.5,
  },
  lt: {
    female: ['Rūta', 'Eglė', 'Giedrė', 'Laura', 'Jurgita', 'Gintarė'],
    male: ['Jonas', 'Tomas', 'Mantas', 'Lukas', 'Darius', 'Žygimantas'],
    surnames: ['Kazlauskas|Kazlauskienė', 'Jankauskas|Jankauskienė', 'Petrauskas|Petrauskienė', 'Stankevičius|Stankevičienė', 'Vasiliauskas|Vasiliauskienė', 'Žukauskas|Žukauskienė'],
    streets: ['Gedimino pr.', 'Pilies g.', 'Vilniaus g.', 'Konstitucijos pr.', 'Didžioji g.'],
    addressFormat: '{street} {n}',
    line2: ['{n} butas'],
    line2Share: 0.4,
  },
};

// biome-ignore format: lookup table
const transliteration: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', þ: 'th', ð: 'd', ı: 'i',
  // Greek (ELOT 743, simplified)
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n',
  ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
  // Bulgarian Cyrillic (official 2009 system)
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'sht', ъ: 'a', ь: 'y', ю: 'yu', я: 'ya',
};

/**
 * ASCII letters and digits for an email local part or a slug: 'Łukasz' → 'lukasz',
 * 'Παπαδόπουλος' → 'papadopoulos', "O'Brien" → 'obrien'. Accents go first (NFD), which also turns
 * Cyrillic й into и, giving the common 'Nikolai' spelling.
 */
export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ου/g, 'ou')
    .replace(/./gu, (ch) => transliteration[ch] ?? ch)
    .replace(/[^a-z0-9]/g, '');
}
