import { toAstraRecord } from './astra-format';
import { sampleTask, sampleTrajectory } from './export.fixture';
import { toOpenAiRecord } from './openai-format';

describe('toAstraRecord', () => {
  it('carries the query, target tools, server and tool list, the OpenAI conversation, and the judge scores', () => {
    const record = toAstraRecord(sampleTrajectory(), sampleTask());
    expect(record.query_info).toMatchObject({
      generated_question: sampleTask().question,
      target_tools: ['search_flights', 'get_weather'],
      augmented_query_info: { augmented_question: sampleTask().question, mode: 'persona', persona: 'a busy consultant' },
      query_score_info: { question_quality: 1, uniqueness: 0.75 },
    });
    expect(record.mcp_info.base_info.group_info.server_name).toBe('travel');
    expect(record.mcp_info.base_info.tool_list.map((t) => t['name'])).toEqual(['search_flights', 'get_weather']);
    expect(record.messages).toEqual(toOpenAiRecord(sampleTrajectory(), sampleTask()).messages);
    expect(record.reward['tool_concise']).toEqual({ score: 0.75, extra_info: { status: 'scored', reason: 'fine' } });
    expect(Object.keys(record.reward).sort()).toEqual(
      [
        'final_answer',
        'overall_score',
        'query_plan',
        'query_understand',
        'tool_call',
        'tool_concise',
        'tool_plan',
        'tool_understand',
      ].sort(),
    );
    expect(record.reward['overall_score']).toBe(0.75);
  });

  it('writes a null overall score and no dimensions for an unjudged trajectory', () => {
    const { judgement: _judgement, ...unjudged } = sampleTrajectory({ verdict: 'unjudged' });
    expect(toAstraRecord(unjudged, sampleTask()).reward).toEqual({ overall_score: null });
  });
});
