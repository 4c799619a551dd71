import type { EnvironmentRecord, EnvironmentSummary } from '@astra/contracts';
import type { EnvironmentEntity } from '@astra/persistence/env-compiler';

/** The whole record of a stored environment, as the contracts declare it. */
export function toEnvironmentRecord(row: EnvironmentEntity): EnvironmentRecord {
  return {
    ...row.content,
    id: row.id,
    verification: row.verification,
    ...(row.distractors ? { distractors: row.distractors } : {}),
    createdAt: row.createdAt,
  };
}

/** One line of a listing. */
export function toEnvironmentSummary(row: EnvironmentEntity, split: 'train' | 'held-out' | null): EnvironmentSummary {
  return {
    id: row.id,
    domain: row.domain,
    language: row.content.language,
    scenarioType: row.content.scenarioType,
    strategy: row.content.lineage.strategy,
    prompt: row.content.prompt,
    tools: row.content.tools.length,
    subTasks: row.content.subTasks.length,
    hops: row.hops,
    passed: row.passed === 1,
    ...(split ? { split } : {}),
    createdAt: row.createdAt,
  };
}
