import type { DistractorPools, DistractorRef, DistractorSettings, EnvTool, OfferedTool, SimilarityBand } from '@astra/contracts';
import { hashSeed } from '@astra/domain/tool-graph';
import { seededShuffle } from './seeded-shuffle';

/** A distractor drawn for one episode. */
export interface DrawnDistractor {
  environmentId: string;
  tool: string;
  band: SimilarityBand;
}

/** Up to settings.perBand per band from the pools, seeded, skipping names in `taken` (and duplicates). */
export function drawDistractors(
  pools: DistractorPools | undefined,
  settings: DistractorSettings,
  seed: number,
  taken: ReadonlySet<string>,
): DrawnDistractor[] {
  if (pools === undefined) return [];
  const used = new Set(taken);
  const drawn: DrawnDistractor[] = [];
  for (const band of settings.bands) {
    const candidates: DistractorRef[] = [];
    for (const ref of pools[band]) {
      if (used.has(ref.tool) || candidates.some((c) => c.tool === ref.tool)) continue;
      candidates.push(ref);
    }
    // Each band has its own stream, so adding a band leaves the others' draws as they were.
    for (const ref of seededShuffle(candidates, hashSeed(band, seed)).slice(0, settings.perBand)) {
      used.add(ref.tool);
      drawn.push({ environmentId: ref.environmentId, tool: ref.tool, band });
    }
  }
  return drawn;
}

/** The OpenAI tool entry of an environment tool. */
export function offeredTool(tool: EnvTool): OfferedTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } };
}
