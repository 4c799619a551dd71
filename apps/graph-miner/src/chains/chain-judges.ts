import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { backTranslationMatches, type JudgeAnswer, majorityVote, type ToolServer, type Verdict } from '@astra/domain/tool-graph';
import { GraphLlm, invalidAsData, LLM_ROLES } from '../graph/graph-llm';

const VoteSchema = z.object({ valid: z.boolean(), reason: z.string().optional() });
const QuerySchema = z.object({ query: z.string().min(1) });
const ChainSchema = z.object({ chain: z.array(z.string()) });

function toolList(server: ToolServer): string {
  return server.tools.map((t) => `- ${t.name}: ${t.description.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n');
}

/** The model-backed operators: a majority vote of judges, and back-translation (chain -> task -> chain). */
@Injectable()
export class ChainJudges {
  constructor(private readonly llm: GraphLlm) {}

  /**
   * How many chains to judge at once: the calls the judge role's endpoints take together. Refuses up front, before
   * any chain is touched, when the operator's role is not configured.
   */
  parallelism(operator: 'vote' | 'backtranslation'): number {
    return this.llm.require(`the ${operator} operator`, LLM_ROLES.judge).capacity;
  }

  /** `samples` independent judgements; an answer that fails its schema counts as unknown, never as a pass. */
  async vote(server: ToolServer, chain: readonly string[], samples: number): Promise<Verdict> {
    const { client } = this.llm.require('the vote operator', LLM_ROLES.judge);
    const answers: JudgeAnswer[] = [];
    for (let i = 1; i <= samples; i += 1) {
      const messages = [
        {
          role: 'system' as const,
          content:
            'You judge whether a sequence of tool calls is a realistic, executable plan: every call can get its arguments from the user or from earlier calls.',
        },
        {
          role: 'user' as const,
          content: `Tools of "${server.name}":\n${toolList(server)}\n\nChain (judgement ${i} of ${samples}): ${chain.join(' -> ')}\nReply with JSON only: {"valid": true|false, "reason": "..."}`,
        },
      ];
      const answer = await invalidAsData(() => client.structured(LLM_ROLES.judge, VoteSchema, { messages }));
      if ('invalid' in answer) answers.push({ parseError: answer.invalid });
      else
        answers.push(
          answer.value.value.valid
            ? { status: 'accepted', reasons: [] }
            : { status: 'rejected', reasons: [{ message: answer.value.value.reason ?? 'judged invalid' }] },
        );
    }
    return majorityVote(answers);
  }

  /** Writes a user task for the chain, then asks for the chain that solves it; only an exact match is accepted. */
  async backTranslate(server: ToolServer, chain: readonly string[]): Promise<Verdict> {
    const { client } = this.llm.require('the backtranslation operator', LLM_ROLES.judge);
    const tools = toolList(server);
    const query = await invalidAsData(() =>
      client.structured(LLM_ROLES.judge, QuerySchema, {
        messages: [
          {
            role: 'user' as const,
            content: `Tools of "${server.name}":\n${tools}\n\nWrite the request of a user that is solved by calling exactly: ${chain.join(' -> ')}. Do not name the tools.\nReply with JSON only: {"query": "..."}`,
          },
        ],
      }),
    );
    if ('invalid' in query) return backTranslationMatches(chain, null);
    const rebuilt = await invalidAsData(() =>
      client.structured(LLM_ROLES.judge, ChainSchema, {
        messages: [
          {
            role: 'user' as const,
            content: `Tools of "${server.name}":\n${tools}\n\nUser request: ${query.value.value.query}\nWhich tools, in order, solve it? Reply with JSON only: {"chain": ["tool", ...]}`,
          },
        ],
      }),
    );
    return backTranslationMatches(chain, 'invalid' in rebuilt ? null : rebuilt.value.value.chain);
  }
}
