import type { EnvLanguage } from '@astra/contracts';
import type { JsonSchema, ToolSpec } from '@astra/domain/tool-graph';

const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/gu;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function parameterTexts(schema: JsonSchema | undefined): string[] {
  if (!schema?.properties) return [];
  return Object.values(schema.properties).flatMap((p) => [p.description ?? '', ...parameterTexts(p)]);
}

/**
 * The language a set of tools is written in, from their descriptions and their parameters' descriptions (names are
 * identifiers, so they do not count). Chinese when Han characters make up at least a fifth of the letters: a Han
 * character carries a word's weight, and Chinese descriptions routinely embed Latin identifiers and units. English
 * otherwise, and when the tools describe nothing.
 */
export function serverLanguage(tools: readonly ToolSpec[]): EnvLanguage {
  const text = tools.flatMap((t) => [t.description, ...parameterTexts(t.parameters)]).join('\n');
  const han = count(text, HAN);
  const latin = count(text, LATIN);
  return han > 0 && han * 5 >= han + latin ? 'zh' : 'en';
}
