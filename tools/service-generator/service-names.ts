import { SERVICE_NAMES } from '../../libs/contracts/src/registry/message-definition';

/** A service's name in every spelling the templates use. */
export interface ServiceNames {
  /** trainer-gateway: folders, files, subjects, message keys, Nx scope. */
  readonly kebab: string;
  /** TrainerGateway: classes. */
  readonly pascal: string;
  /** trainerGateway: the STREAMS key. */
  readonly camel: string;
  /** TRAINER_GATEWAY: constants, the stream name. */
  readonly constant: string;
  /** trainer_gateway: table names. */
  readonly snake: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Thrown for a name the generator refuses; the CLI prints its message and exits 2. */
export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';
}

/** Services the system declares (libs/contracts SERVICE_NAMES) that a generator may create: all but the CLI. */
export const GENERATABLE_SERVICES: readonly string[] = SERVICE_NAMES.filter((name) => name !== 'cli');

/**
 * The spellings of `name`, refusing a name that is not kebab-case, and one the system does not declare unless
 * `declare` (which catches a misspelt name: a new service is a design change).
 */
export function serviceNames(name: string, declare = false): ServiceNames {
  if (!KEBAB.test(name)) {
    throw new GeneratorError(`"${name}" is not a service name: use kebab-case, lower-case words joined by "-" (e.g. trainer-gateway)`);
  }
  if (name === 'cli') throw new GeneratorError('"cli" is the astra command, not a service');
  if (!declare && !GENERATABLE_SERVICES.includes(name)) {
    throw new GeneratorError(
      `"${name}" is not one of the services the system declares (${GENERATABLE_SERVICES.join(', ')}). A new service is a design ` +
        'change: say so with --declare, which adds it to SERVICE_NAMES in libs/contracts and to the service scopes of eslint.config.js.',
    );
  }
  const words = name.split('-');
  const capitalised = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return {
    kebab: name,
    pascal: capitalised.join(''),
    camel: (words[0] ?? '') + capitalised.slice(1).join(''),
    constant: words.join('_').toUpperCase(),
    snake: words.join('_'),
  };
}

/**
 * The local HTTP port of a service: 3001 on in the order of SERVICE_NAMES (graph-miner 3001, verifier 3004); a service
 * being declared comes after the others.
 */
export function defaultPort(name: string): number {
  const index = GENERATABLE_SERVICES.indexOf(name);
  return 3001 + (index < 0 ? GENERATABLE_SERVICES.length : index);
}

/** True when libs/contracts declares `name`. */
export function isDeclared(name: string): boolean {
  return GENERATABLE_SERVICES.includes(name);
}
