import filesystem from '../fixtures/filesystem.tools.json';
import { serverFromMcpTools } from '../mcp-tools.util';
import { JsonSchema, ToolServer } from '../tool-graph.types';
import { ProvenanceChecker, checkProvenance } from './provenance-check';

const obj = (properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({ type: 'object', properties, required });
const tracker: ToolServer = {
  name: 'tracker',
  tools: [
    {
      name: 'create_project',
      description: 'Create a project',
      parameters: obj({ title: { type: 'string' } }, ['title']),
      outputSchema: obj({ projectId: { type: 'string' } }, []),
    },
    {
      name: 'create_issue',
      description: 'Open an issue in a project',
      parameters: obj({ project_id: { type: 'string' }, title: { type: 'string' } }, ['project_id', 'title']),
      outputSchema: obj({ id: { type: 'string' } }, []),
    },
    {
      name: 'close_issue',
      description: 'Close an issue',
      parameters: obj({ issue_id: { type: 'string' }, reason: { type: 'string', enum: ['done', 'wontfix'] } }, ['issue_id', 'reason']),
    },
    {
      name: 'list_issues',
      description: 'List issues of a project',
      parameters: obj({ cursor: { type: 'string', description: 'Page cursor returned by a previous call' } }, []),
    },
    { name: 'apply_patch', description: 'Apply a patch', parameters: obj({ patch: { type: 'object' } }, ['patch']) },
  ],
};

describe('argument provenance', () => {
  it('accepts a chain whose identifiers come from earlier outputs', () => {
    expect(checkProvenance(tracker, ['create_project', 'create_issue', 'close_issue'])).toEqual({ status: 'accepted', reasons: [] });
  });

  it('rejects naming the step and parameter when an identifier has no source', () => {
    const v = checkProvenance(tracker, ['create_issue', 'close_issue']);
    expect(v.status).toBe('rejected');
    expect(v.reasons).toEqual([expect.objectContaining({ step: 0, tool: 'create_issue', parameter: 'project_id' })]);
  });

  it('does not take an identifier of another entity as a source', () => {
    const v = checkProvenance(tracker, ['create_project', 'close_issue']);
    expect(v.reasons).toEqual([expect.objectContaining({ step: 1, parameter: 'issue_id' })]);
  });

  it('treats free-form objects as needing an earlier output, and unknown tools as rejected', () => {
    expect(checkProvenance(tracker, ['apply_patch']).reasons[0]).toMatchObject({ parameter: 'patch' });
    expect(checkProvenance(tracker, ['nope']).reasons[0]?.message).toMatch(/unknown tool/);
    expect(new ProvenanceChecker(tracker, { userTypes: ['string', 'object'] }).check(['apply_patch']).status).toBe('accepted');
  });

  it('lets a user state paths on the filesystem server', () => {
    const fs = serverFromMcpTools('filesystem', filesystem.tools as never);
    expect(checkProvenance(fs, ['list_directory', 'read_text_file', 'edit_file']).status).toBe('accepted');
  });
});
