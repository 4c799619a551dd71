/** Answer text with the model's reasoning taken out. */
export interface ThinkSplit {
  answer: string;
  reasoning: string | null;
  /** A `<think>` was opened and never closed: everything after it is reasoning, the answer is empty. */
  unclosed: boolean;
}

const OPEN = /<(think|thinking|reasoning)>/i;
// One closing pattern per tag, made once: a text of many short blocks would otherwise compile one per block.
const CLOSE: Readonly<Record<string, RegExp>> = { think: /<\/think>/i, thinking: /<\/thinking>/i, reasoning: /<\/reasoning>/i };

/**
 * Separates `<think>...</think>` blocks from the answer. Handles several blocks, a closing tag without an opening
 * one (templates that put `<think>` in the prompt), and an opening tag that never closes (the budget ran out while
 * thinking): then the answer is empty rather than guessed from the reasoning.
 */
export function splitThink(text: string): ThinkSplit {
  if (!text.includes('<') || !/<\/?(think|thinking|reasoning)>/i.test(text)) {
    return { answer: text.trim(), reasoning: null, unclosed: false };
  }
  const reasoning: string[] = [];
  let rest = text;
  const orphanClose = /^([\s\S]*?)<\/(think|thinking|reasoning)>/i.exec(rest);
  const firstOpen = OPEN.exec(rest);
  if (orphanClose && (!firstOpen || firstOpen.index > (orphanClose[1]?.length ?? 0))) {
    reasoning.push((orphanClose[1] ?? '').trim());
    rest = rest.slice(orphanClose[0].length);
  }
  let answer = '';
  let unclosed = false;
  for (;;) {
    const open = OPEN.exec(rest);
    if (!open) {
      answer += rest;
      break;
    }
    answer += rest.slice(0, open.index);
    const tag = open[1] as string;
    const afterOpen = rest.slice(open.index + open[0].length);
    const close = (CLOSE[tag.toLowerCase()] as RegExp).exec(afterOpen);
    if (!close) {
      reasoning.push(afterOpen.trim());
      unclosed = true;
      break;
    }
    reasoning.push(afterOpen.slice(0, close.index).trim());
    rest = afterOpen.slice(close.index + close[0].length);
  }
  const joined = reasoning.filter((r) => r.length > 0).join('\n\n');
  return { answer: answer.trim(), reasoning: joined.length > 0 ? joined : null, unclosed };
}
