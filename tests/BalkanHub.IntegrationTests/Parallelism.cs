// Fixtures run two at a time. Each starts its own broker node and services, on ports reserved across
// processes (Ports), so they share nothing; while one waits (for a relay, a deadline check, a restart) the
// other uses the cores. Fixtures that strike faults, load the whole route or drive the browser are marked
// [NonParallelizable]: NUnit runs those alone, so nothing else competes with what they measure or wait for.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
