/** Captures stdout and stderr of one call up to a byte budget shared by both streams. */
export class OutputBuffer {
  private readonly chunks: { stdout: Uint8Array[]; stderr: Uint8Array[] } = { stdout: [], stderr: [] };
  private used = 0;
  exceeded = false;

  constructor(
    private readonly limitBytes: number,
    private readonly onExceeded: () => void,
  ) {}

  /** Appends bytes; past the budget they are dropped and `onExceeded` fires once. */
  write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void {
    const room = this.limitBytes - this.used;
    if (bytes.length > room) {
      if (room > 0) this.chunks[stream].push(bytes.slice(0, room));
      this.used = this.limitBytes;
      if (!this.exceeded) {
        this.exceeded = true;
        this.onExceeded();
      }
      return;
    }
    this.chunks[stream].push(bytes.slice());
    this.used += bytes.length;
  }

  writeText(stream: 'stdout' | 'stderr', text: string): void {
    this.write(stream, new TextEncoder().encode(text));
  }

  text(stream: 'stdout' | 'stderr'): string {
    return Buffer.concat(this.chunks[stream]).toString('utf8');
  }
}
