import { ToolServer } from '../tool-graph.types';
import { StructuralStrategy } from './structural.strategy';

const crm: ToolServer = {
  name: 'crm',
  tools: [
    {
      name: 'createCustomer',
      description: 'Create a customer record',
      parameters: { type: 'object', properties: { fullName: { type: 'string' } }, required: ['fullName'] },
      outputSchema: { type: 'object', properties: { customerId: { type: 'string', description: 'Identifier of the new customer' } } },
    },
    {
      name: 'get_customer',
      description: 'Fetch one customer',
      parameters: { type: 'object', properties: { customer_id: { type: 'string' } }, required: ['customer_id'] },
    },
    {
      name: 'send_invoice',
      description: 'Send an invoice by email',
      parameters: { type: 'object', properties: { amount: { type: 'number' }, currency: { type: 'string', enum: ['EUR', 'USD'] } } },
    },
  ],
};

describe('StructuralStrategy', () => {
  it('links an output field to a parameter across camel and snake case', async () => {
    const graph = await new StructuralStrategy().detect(crm, {});
    const edge = graph.edges.find((e) => e.from === 'createCustomer' && e.to === 'get_customer');
    expect(edge).toBeDefined();
    expect(edge?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'schema-field', outputField: 'customerId', parameter: 'customer_id' }),
    );
    expect(edge?.evidence).toContainEqual(expect.objectContaining({ kind: 'resource', rule: 'create-before-read', entity: 'customer' }));
  });

  it('does not link unrelated tools', async () => {
    const graph = await new StructuralStrategy().detect(crm, {});
    expect(graph.edges.some((e) => e.to === 'send_invoice' || e.from === 'send_invoice')).toBe(false);
  });

  it('is deterministic', async () => {
    const s = new StructuralStrategy();
    expect(await s.detect(crm, {})).toEqual(await s.detect(crm, {}));
  });
});
