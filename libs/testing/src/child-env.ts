/** The environment of a child service process: this one's (PATH, HOME...) without the test runner's variables, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('JEST_') && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return { ...env, ...extra };
}
