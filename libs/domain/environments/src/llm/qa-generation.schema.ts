import { z } from 'zod';
import { checkDag, hopBudgetProblem } from './decomposition-dag';
import type { HopBudget } from './llm-prompt.types';

const SUB_ID = /^[A-Za-z0-9_.-]{1,64}$/;

const SubQuestionSchema = z.object({
  id: z.string().regex(SUB_ID, 'a sub-question id is 1 to 64 letters, digits, "_", "-" or "."'),
  question: z.string().trim().min(1).max(4000),
  answer: z.string().trim().min(1).max(4000),
  dependsOn: z.array(z.string()).max(32),
});

const decompositionShape = {
  finalAnswer: z.string().trim().min(1).max(4000),
  subQuestions: z.array(SubQuestionSchema).min(1).max(32),
};

/** One sub-question as the qa_generator answered it. */
export type GeneratedSubQuestion = z.infer<typeof SubQuestionSchema>;

/** A decomposition as the qa_generator answered it; `question` is the main question (unconditional generation). */
export interface GeneratedDecomposition {
  question?: string;
  finalAnswer: string;
  subQuestions: GeneratedSubQuestion[];
}

/**
 * The answer schema of QA generation: the decomposition must be a DAG of unique, known ids whose depth fits the hop
 * budget. A model that names a wrong id or misses the budget gives an invalid answer (the repair turn says why).
 * Unconditional generation (from a domain) also asks for the main question.
 */
export function qaGenerationSchema(budget: HopBudget, withQuestion: boolean): z.ZodType<GeneratedDecomposition> {
  const base = withQuestion
    ? z.object({ question: z.string().trim().min(1).max(8000), ...decompositionShape })
    : z.object(decompositionShape);
  return base.superRefine((value, ctx) => {
    const dag = checkDag(value.subQuestions);
    if (!dag.ok) {
      for (const problem of dag.problems) ctx.addIssue({ code: 'custom', path: ['subQuestions'], message: problem });
      return;
    }
    const budgetProblem = hopBudgetProblem(dag.hops, budget);
    if (budgetProblem !== undefined) ctx.addIssue({ code: 'custom', path: ['subQuestions'], message: budgetProblem });
  });
}
