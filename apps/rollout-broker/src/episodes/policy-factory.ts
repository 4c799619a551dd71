import { Injectable } from '@nestjs/common';
import { BusError, type PolicySpec } from '@astra/contracts';
import { EndpointPolicy } from './endpoint-policy';
import type { Policy, PolicyFactoryPort } from './episode.types';
import { OraclePolicy } from './oracle-policy';
import { PolicyClients, policyHost } from './policy-clients';

/** Makes a batch's policy; an endpoint must be on a host of ROLLOUT_POLICY_HOSTS (the URL comes over the bus). */
@Injectable()
export class PolicyFactory implements PolicyFactoryPort {
  constructor(private readonly clients: PolicyClients) {}

  create(spec: PolicySpec): Policy {
    if (spec.kind === 'oracle') return new OraclePolicy(spec);
    if (!this.clients.allows(spec.baseUrl)) {
      throw new BusError(
        'VALIDATION_FAILED',
        `policy endpoint host "${policyHost(spec.baseUrl) ?? '?'}" is not one the broker allows (ROLLOUT_POLICY_HOSTS)`,
      );
    }
    return new EndpointPolicy(spec, this.clients.get(spec.baseUrl, spec.model));
  }
}
