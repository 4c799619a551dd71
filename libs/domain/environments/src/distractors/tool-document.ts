import type { EnvTool } from '@astra/contracts';

/**
 * The text a tool is compared by when distractors are chosen: its name (identifier split into words), its
 * description and each parameter's name and description, one per line. Code is left out: two tools doing the same
 * thing with different code are still confusable for a policy that only sees their documents.
 */
export function toolDocument(tool: Pick<EnvTool, 'name' | 'description' | 'parameters'>): string {
  const lines = [`${tool.name.replace(/_+/g, ' ').trim()}: ${tool.description.trim()}`];
  for (const [param, schema] of Object.entries(tool.parameters.properties ?? {})) {
    const description = typeof schema['description'] === 'string' ? schema['description'].trim() : '';
    lines.push(description === '' ? `${param}` : `${param}: ${description}`);
  }
  return lines.join('\n');
}
