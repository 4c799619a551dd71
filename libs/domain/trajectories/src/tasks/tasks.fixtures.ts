import type { ToolSpec } from '@astra/domain/tool-graph';

const entityOut = {
  type: 'object',
  properties: {
    entities: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          entityType: { type: 'string' },
          observations: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

/** The MCP memory server's tools (schemas as it lists them, trimmed to what the tests read). */
export const MEMORY_TOOLS: ToolSpec[] = [
  {
    name: 'create_entities',
    description: 'Create multiple new entities in the knowledge graph',
    parameters: {
      type: 'object',
      properties: {
        entities: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'The name of the entity' },
              entityType: { type: 'string', description: 'The type of the entity' },
              observations: { type: 'array', items: { type: 'string' }, description: 'An array of observation contents' },
            },
            required: ['name', 'entityType', 'observations'],
          },
        },
      },
      required: ['entities'],
    },
    outputSchema: entityOut,
  },
  {
    name: 'add_observations',
    description: 'Add new observations to existing entities in the knowledge graph',
    parameters: {
      type: 'object',
      properties: {
        observations: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              entityName: { type: 'string', description: 'The name of the entity to add the observations to' },
              contents: { type: 'array', items: { type: 'string' }, description: 'An array of observation contents to add' },
            },
            required: ['entityName', 'contents'],
          },
        },
      },
      required: ['observations'],
    },
    outputSchema: {
      type: 'object',
      properties: { results: { type: 'array', items: { type: 'object', properties: { entityName: { type: 'string' } } } } },
    },
  },
  {
    name: 'open_nodes',
    description: 'Open specific nodes in the knowledge graph by their names',
    parameters: {
      type: 'object',
      properties: { names: { type: 'array', items: { type: 'string' }, description: 'An array of entity names to retrieve' } },
      required: ['names'],
    },
    outputSchema: entityOut,
  },
  {
    name: 'get_issue',
    description: 'Read one issue by its id',
    parameters: { type: 'object', properties: { issue_id: { type: 'string' } }, required: ['issue_id'] },
    outputSchema: null,
  },
];
