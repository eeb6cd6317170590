/**
 * Loaded with `node --import` into every `kite execute` subprocess the orchestrator starts: at
 * exit it prints the process's own CPU time and peak RSS (`getrusage(RUSAGE_SELF)` through
 * `process.resourceUsage()`) as one `kite:usage {json}` line on stderr, which the orchestrator
 * records as the task's cost. Measuring in the child is exact; the parent cannot read a dead
 * child's `/proc` entry and Node does not expose `RUSAGE_CHILDREN`.
 */
process.on('exit', () => {
  const u = process.resourceUsage();
  const usage = { cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, peakRssBytes: u.maxRSS * 1024 };
  process.stderr.write(`kite:usage ${JSON.stringify(usage)}\n`);
});
