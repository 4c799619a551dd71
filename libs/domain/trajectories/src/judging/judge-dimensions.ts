import type { JudgeDimension } from '@astra/contracts';

/** What one dimension of the trajectory judge asks, and what each end of its 1-5 scale means. */
export interface DimensionRubric {
  title: string;
  question: string;
  low: string;
  high: string;
}

/** The paper's seven dimensions, in its order. */
export const JUDGE_DIMENSIONS: readonly JudgeDimension[] = [
  'query-understanding',
  'query-planning',
  'tool-response-understanding',
  'tool-response-planning',
  'tool-call-status',
  'tool-conciseness',
  'final-answer',
];

/** The rubric of each dimension. */
export const DIMENSION_RUBRICS: Readonly<Record<JudgeDimension, DimensionRubric>> = {
  'query-understanding': {
    title: 'Query understanding',
    question: "Did the assistant understand the user's query: its intent, every constraint and every piece of information asked for?",
    low: 'misreads the query or ignores parts of it',
    high: 'grasps the whole query, constraints included',
  },
  'query-planning': {
    title: 'Query planning',
    question: 'Did the assistant plan sensible steps for the query: the right tools, in a workable order, with independent calls together?',
    low: 'no plan, or the wrong tools or order',
    high: 'a clear, efficient plan that fits the query',
  },
  'tool-response-understanding': {
    title: 'Tool-response understanding',
    question: 'Did the assistant read the tool responses correctly: the facts they state, their errors and their empty results?',
    low: 'misreads or invents what the tools returned',
    high: 'reads every response accurately, errors and empty results included',
  },
  'tool-response-planning': {
    title: 'Tool-response conditioned planning',
    question:
      'Did the assistant adapt its next steps to what the tools returned: using results as inputs to later calls, recovering from errors, stopping when it had enough?',
    low: 'ignores what came back, or repeats failing calls',
    high: 'each next step follows from the previous results',
  },
  'tool-call-status': {
    title: 'Tool-call status',
    question:
      'Did the tool calls succeed: valid tools, valid arguments, no avoidable failures (an injected or transient failure handled well is not a fault)?',
    low: 'many avoidable failed or invalid calls',
    high: 'every call valid, failures handled',
  },
  'tool-conciseness': {
    title: 'Tool conciseness and argument provenance',
    question:
      'Were the calls concise (no redundant or pointless calls), and does every argument come from the query or from an earlier tool result rather than being invented?',
    low: 'redundant calls, or arguments made up',
    high: 'only needed calls, every argument traceable to the query or a result',
  },
  'final-answer': {
    title: 'Final answer',
    question:
      'Does the final answer fully and correctly answer the query, consistent with the tool results and without unsupported claims?',
    low: 'wrong, incomplete, or contradicts the tool results',
    high: 'complete, correct and grounded in the tool results',
  },
};
