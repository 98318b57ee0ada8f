/**
 * Gives the event loop a turn (setImmediate) once the compute has held the thread for `sliceMs`
 * since the last turn, so timers, I/O and other requests are served between batches of a long
 * stage instead of after it. A stream of batches that resolve as microtasks never lets them run
 * otherwise. The native scan calls `between()` before each batch it hands on; one per stage run.
 */
export class EventLoopTurns {
  private last = performance.now();

  /** @param sliceMs - The longest the compute holds the thread between turns (default 8 ms). */
  constructor(private readonly sliceMs = 8) {}

  /** Resolves at once, or after one event-loop turn when the slice is used up. */
  async between(): Promise<void> {
    if (performance.now() - this.last < this.sliceMs) return;
    await new Promise<void>((turned) => setImmediate(turned));
    this.last = performance.now();
  }
}
