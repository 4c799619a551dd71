/** Tool names as they could be written in prose: `create_entities`, `create entities`, `createEntities`. */
function variants(name: string): string[] {
  const spaced = name.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return [...new Set([name, spaced])].filter((v) => v.length >= 3);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The tool names a text mentions (as identifiers; a spaced form counts only for names of two or more words). */
export function mentionedToolNames(text: string, names: readonly string[]): string[] {
  return names.filter((name) =>
    variants(name).some((v) => /[\s_A-Z-]/.test(v) && new RegExp(`(^|[^\\w])${escape(v)}($|[^\\w])`, 'i').test(text)),
  );
}

/** The text with identifier-shaped tool names (with `_` or camel case) removed. */
export function stripToolNames(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of names) {
    if (!/[_A-Z-]/.test(name)) continue;
    out = out.replace(new RegExp(escape(name), 'gi'), '').replace(/\s{2,}/g, ' ');
  }
  return out.trim();
}
