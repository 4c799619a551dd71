/** The compiled CLI's entry point when the build in `dir` (default `<root>/dist/cli`) matches the sources, else undefined. */
export function currentBuild(root: string, dir?: string): string | undefined;
