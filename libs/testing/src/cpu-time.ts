/**
 * CPU milliseconds (user + system) that one synchronous call used: how long it would block the event loop, measured
 * without the wall-clock noise of a loaded machine. For bounds on stalls, not for timing features.
 */
export function cpuMsOf(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
