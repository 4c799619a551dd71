import { JsonSchema, ToolServer, ToolSpec, edgeKind } from '../tool-graph.types';
import { StructuralStrategy } from './structural.strategy';

const obj = (props: Record<string, JsonSchema>, required: string[] = Object.keys(props)): JsonSchema => ({
  type: 'object',
  properties: props,
  required,
});
const str = (description = ''): JsonSchema => ({ type: 'string', description });
const num = (description = ''): JsonSchema => ({ type: 'number', description });
const tool = (name: string, description: string, parameters = obj({}), outputSchema: ToolSpec['outputSchema'] = null): ToolSpec => ({
  name,
  description,
  parameters,
  outputSchema,
});

function edgesOf(server: ToolServer) {
  const graph = new StructuralStrategy().detectSync(server);
  return (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);
}

describe('state rules of the structural strategy', () => {
  it('session: a login comes before the tools that act as the user, not before public lookups', () => {
    const edge = edgesOf({
      name: 'library',
      tools: [
        tool('sign_in', 'Sign in with a member number and PIN.', obj({ member: str(), pin: str() })),
        tool('sign_out', 'End the session.'),
        tool('renew_loans', 'Renew every loan of the member.', obj({ weeks: num() })),
        tool('my_reservations', "List the user's reservations."),
        tool('catalog_lookup', 'Look up a title in the catalog.', obj({ title: str() })),
      ],
    });
    expect(edge('sign_in', 'sign_out')).toMatchObject({ kind: 'session' });
    expect(edge('sign_in', 'renew_loans')?.evidence).toContainEqual(expect.objectContaining({ kind: 'state', rule: 'session' }));
    expect(edge('sign_in', 'my_reservations')).toMatchObject({ kind: 'session' });
    expect(edge('sign_in', 'catalog_lookup')).toBeUndefined();
  });

  it('session: where calls carry a token, exactly the tools taking it need the login', () => {
    const edge = edgesOf({
      name: 'api',
      tools: [
        tool('authenticate', 'Get an access token.', obj({ key: str() }), obj({ accessToken: str() })),
        tool('delete_photo', 'Delete a photo.', obj({ accessToken: str(), photo_id: str() })),
        tool('create_album', 'Create an album.', obj({ title: str() })),
      ],
    });
    expect(edge('authenticate', 'delete_photo')?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'state', rule: 'session', cue: 'takes accessToken' }),
    );
    expect(edge('authenticate', 'delete_photo')?.kind).toBe('session');
    expect(edge('authenticate', 'create_album')).toBeUndefined();
  });

  it('context: a tool that makes something current comes before the tools that work on the current one', () => {
    const edge = edgesOf({
      name: 'crm',
      tools: [
        tool('switch_workspace', 'Switch the active workspace; later calls work in it.', obj({ workspace_id: str() })),
        tool('list_deals', 'List the deals of the active workspace.'),
        tool('currency_rates', 'Exchange rates of today.'),
      ],
    });
    expect(edge('switch_workspace', 'list_deals')).toMatchObject({ kind: 'context' });
    expect(edge('switch_workspace', 'currency_rates')).toBeUndefined();
  });

  it('context: a precondition a description states links the tool that brings it about', () => {
    const edge = edgesOf({
      name: 'printer',
      tools: [
        tool('open_tray', 'Opens the paper tray.', obj({ tray: str() })),
        tool('load_paper', 'Loads paper. The tray must be opened first.', obj({ sheets: num() })),
        tool('read_tray', 'Reads the state of the tray.', obj({ tray: str() })),
      ],
    });
    expect(edge('open_tray', 'load_paper')).toMatchObject({ kind: 'context' });
    expect(edge('open_tray', 'load_paper')?.evidence[0]).toMatchObject({ rule: 'context', cue: expect.stringContaining('must be opened') });
    // Reading changes nothing, so it cannot be what the precondition asks for.
    expect(edge('read_tray', 'load_paper')).toBeUndefined();
  });

  it('check: a price or availability lookup comes before the purchase of the same thing', () => {
    const edge = edgesOf({
      name: 'tickets',
      tools: [
        tool('get_ticket_price', 'Price of a concert ticket.', obj({ concert_id: str() }), obj({ price: num() })),
        tool('buy_ticket', 'Buy a concert ticket.', obj({ concert_id: str(), price: num() }), obj({ order_no: str() })),
        tool('get_order', 'An order.', obj({ order_no: str() }), obj({ price: num() })),
      ],
    });
    expect(edge('get_ticket_price', 'buy_ticket')).toMatchObject({ kind: 'check' });
    // A lookup of what the purchase returns comes after it.
    expect(edge('get_order', 'buy_ticket')?.kind).not.toBe('check');
  });

  it('conversion: a unit conversion feeds the numeric argument in that unit under another name', () => {
    const edge = edgesOf({
      name: 'oven',
      tools: [
        tool('fahrenheit_to_celsius', 'Converts a temperature.', obj({ fahrenheit: num() }), obj({ celsius: num() })),
        tool('preheat', 'Preheats the oven.', obj({ target: num('Temperature in celsius.') })),
        tool('set_timer', 'Sets the timer.', obj({ minutes: num() })),
      ],
    });
    expect(edge('fahrenheit_to_celsius', 'preheat')).toMatchObject({ kind: 'conversion' });
    expect(edge('fahrenheit_to_celsius', 'set_timer')).toBeUndefined();
  });

  it('data edges keep kind data, and no tool output feeds the credentials of a login', () => {
    const edge = edgesOf({
      name: 'crm',
      tools: [
        tool('login', 'Log in.', obj({ username: str() })),
        tool('get_profile', 'Get the profile of the logged-in user.', obj({}), obj({ username: str(), customer_id: str() })),
        tool('get_customer', 'Fetch one customer.', obj({ customer_id: str() })),
      ],
    });
    expect(edge('get_profile', 'login')).toBeUndefined();
    const data = edge('get_profile', 'get_customer');
    expect(data && edgeKind(data)).toBe('data');
  });
});
