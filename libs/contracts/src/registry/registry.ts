import { z } from 'zod';
import { CATALOG_MESSAGES } from '../messages/catalog.messages';
import { GRAPH_MESSAGES } from '../messages/graph.messages';
import { SANDBOX_MESSAGES } from '../messages/sandbox.messages';
import { JUDGE_MESSAGES } from '../messages/judge.messages';
import { ENV_COMPILER_MESSAGES } from '../messages/env-compiler.messages';
import { ROLLOUT_BROKER_MESSAGES } from '../messages/rollout-broker.messages';
import { TRAJECTORY_SYNTH_MESSAGES } from '../messages/trajectory-synth.messages';
import { TRAINER_GATEWAY_MESSAGES } from '../messages/trainer-gateway.messages';
// new-service:message-imports — npm run new-service adds lines above this one
import type { AsyncMessageDefinition, MessageDefinition, RpcMessageDefinition, ServiceName } from './message-definition';

/** Every message of the system, declared once. */
export const REGISTRY = {
  ...CATALOG_MESSAGES,
  ...GRAPH_MESSAGES,
  ...SANDBOX_MESSAGES,
  ...JUDGE_MESSAGES,
  ...ENV_COMPILER_MESSAGES,
  ...ROLLOUT_BROKER_MESSAGES,
  ...TRAJECTORY_SYNTH_MESSAGES,
  ...TRAINER_GATEWAY_MESSAGES,
  // new-service:message-sets — npm run new-service adds lines above this one
} as const satisfies Record<string, MessageDefinition>;

export type Registry = typeof REGISTRY;
export type MessageKey = keyof Registry;

/** Any registry-shaped map; the bus takes one so tests can run with registries of their own. */
export type AnyRegistry = Readonly<Record<string, MessageDefinition>>;

export type AsyncKeyOf<R extends AnyRegistry> = {
  [K in keyof R]: R[K] extends AsyncMessageDefinition ? K : never;
}[keyof R] &
  string;
export type RpcKeyOf<R extends AnyRegistry> = {
  [K in keyof R]: R[K] extends RpcMessageDefinition ? K : never;
}[keyof R] &
  string;
export type PayloadOf<R extends AnyRegistry, K extends keyof R> = z.output<R[K]['payload']>;
export type PayloadInputOf<R extends AnyRegistry, K extends keyof R> = z.input<R[K]['payload']>;
export type ResponseOf<R extends AnyRegistry, K extends keyof R> = R[K] extends RpcMessageDefinition ? z.output<R[K]['response']> : void;

/** Keys a service must handle, according to the registry. */
export function consumedBy(registry: AnyRegistry, service: ServiceName): string[] {
  return Object.values(registry)
    .filter((def) => def.consumers.includes(service))
    .map((def) => def.key);
}

/** Checks the registry for duplicate subjects, key/entry mismatches and commands with several consuming services. */
export function validateRegistry(registry: AnyRegistry): void {
  const subjects = new Map<string, string>();
  for (const [key, def] of Object.entries(registry)) {
    if (def.key !== key) throw new Error(`registry entry "${key}" declares key "${def.key}"`);
    const other = subjects.get(def.subject);
    if (other) throw new Error(`subject ${def.subject} is declared by both "${other}" and "${key}"`);
    subjects.set(def.subject, key);
    // Replicas of the consuming service share one durable per command: a second service would steal its work.
    if (def.kind === 'command' && def.consumers.length > 1) {
      throw new Error(`command "${key}" has consumers ${def.consumers.join(', ')}: a command has one consuming service`);
    }
  }
}
