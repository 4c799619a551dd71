/** Where a problem in an input file is: a 1-based line (JSONL) or a path inside a JSON document. */
export interface InputIssue {
  readonly file: string;
  readonly line?: number;
  readonly at?: string;
  readonly message: string;
}

/** The most problems one error lists; the count of the rest is still given. */
export const MAX_REPORTED_ISSUES = 20;

/** Every problem found in one or more input files, reported at once (up to a cap). */
export class InputFileError extends Error {
  constructor(
    readonly issues: readonly InputIssue[],
    /** Problems found beyond the cap. */
    readonly more: number,
    what = 'knowledge input',
  ) {
    const lines = issues.map((i) => `  ${where(i)}: ${i.message}`);
    const tail = more > 0 ? [`  ... and ${more} more`] : [];
    super([`${issues.length + more} problem(s) in ${what}:`, ...lines, ...tail].join('\n'));
    this.name = 'InputFileError';
  }
}

function where(issue: InputIssue): string {
  if (issue.line !== undefined) return `${issue.file}:${issue.line}`;
  if (issue.at !== undefined) return `${issue.file} at ${issue.at}`;
  return issue.file;
}

/** Collects issues up to the cap and throws them together. */
export class IssueCollector {
  private readonly issues: InputIssue[] = [];
  private more = 0;

  /** `what` names the input in the error's first line. */
  constructor(private readonly what = 'knowledge input') {}

  add(issue: InputIssue): void {
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push(issue);
    else this.more++;
  }

  get count(): number {
    return this.issues.length + this.more;
  }

  /** Throws an InputFileError when anything was collected. */
  throwIfAny(): void {
    if (this.count > 0) throw new InputFileError(this.issues, this.more, this.what);
  }
}
