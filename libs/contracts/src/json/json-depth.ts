// Depth checks for JSON from outside (catalog files, model answers): JSON.parse and every recursive walk overflow
// the stack on deep enough input, so input is measured first, without recursion. One implementation for the
// catalog's bounds and the LLM client's model answers.

/** True when JSON text nests objects and arrays deeper than `limit`; string contents are skipped. One pass. */
export function textNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** True when a value nests objects and arrays deeper than `limit`. Iterative, so any depth is safe to check. */
export function valueNestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: unknown[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const current = pending.pop();
    const depth = depths.pop() ?? 1;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) {
      pending.push(child);
      depths.push(depth + 1);
    }
  }
  return false;
}
