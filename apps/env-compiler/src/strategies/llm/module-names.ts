const DEF = /^(?:async\s+)?def\s+([A-Za-z_]\w*)/;
const CLASS = /^class\s+([A-Za-z_]\w*)/;
const ASSIGN = /^([A-Za-z_][\w\s,]*?)\s*(?::[^=]+)?=(?!=)/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** Names a Python source binds at module level (defs, classes, plain assignments at column 0); imports are left out. */
export function moduleNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const line of code.split('\n')) {
    const bound = DEF.exec(line)?.[1] ?? CLASS.exec(line)?.[1];
    if (bound !== undefined) {
      names.add(bound);
      continue;
    }
    const targets = ASSIGN.exec(line)?.[1];
    for (const target of targets?.split(',') ?? []) {
      if (IDENTIFIER.test(target.trim())) names.add(target.trim());
    }
  }
  return names;
}

/**
 * Failure lines for tools binding the same module-level name as another tool of the environment. The sandbox loads an
 * environment's tools into one module, so a second `DATA = {...}` replaces the first and the earlier tool answers
 * from the wrong table; the sandbox's own detail ("unknown country: France") does not tell a model why.
 */
export function moduleNameClashes(tools: readonly { name: string; code: string }[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const tool of tools) {
    for (const name of moduleNames(tool.code)) owners.set(name, [...(owners.get(name) ?? []), tool.name]);
  }
  const clashes = new Map<string, string[]>();
  for (const [name, tools] of owners) {
    if (tools.length < 2) continue;
    for (const tool of tools) {
      const others = tools.filter((t) => t !== tool).join(', ');
      const line =
        `shared module name: "${name}" is also bound at module level by ${others}; the tools of one environment are ` +
        `loaded into one module, so the last binding wins: keep it inside the function or give it a name of this tool's own`;
      clashes.set(tool, [...(clashes.get(tool) ?? []), line]);
    }
  }
  return clashes;
}
