/** The personas shipped for persona augmentation (TRAJ_PERSONAS_FILE replaces them). */
export const DEFAULT_PERSONAS: readonly string[] = [
  'a busy small-business owner who writes short, direct requests',
  'a graduate student organising research notes before a deadline',
  'a project manager coordinating a distributed team',
  'a retired teacher who explains the situation at length',
  'a software engineer on call, precise and terse',
  'a travel blogger planning the next trip',
  'a nurse keeping track of shift handovers',
  'a high-school student working on a group project',
  'a freelance designer juggling several clients',
  'a data analyst preparing a weekly report',
];

/** Personas from a file's text: one a line, blank lines and `#` comments skipped. */
export function parsePersonas(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}
