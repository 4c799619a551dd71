/**
 * CPU milliseconds (user + system) that one synchronous call uses: how long it would block the event loop, measured
 * without the wall-clock noise of a loaded machine. The process's CPU time also counts its garbage collector and
 * compiler threads, so the call runs `tries` times and the least is kept: that is the call's own cost, and a
 * super-linear call is slow on every try. For bounds on stalls, not for timing features.
 */
export function cpuMsOf(run: () => unknown, tries = 3): number {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tries; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}
