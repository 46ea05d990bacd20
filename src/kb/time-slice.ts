// Long index work runs on the thread that answers questions: it gives the event loop back every few
// milliseconds so that no answer waits more than one slice (the target is no stall over 50 ms).

export interface TimeSlicer {
  /** True when the current slice is used up: the caller should `await pause()`. */
  due(): boolean;
  /** Lets queued I/O and questions run, then starts a new slice. */
  pause(): Promise<void>;
  /** `await tick()` in a loop: pauses only when the slice is used up (no microtask otherwise). */
  tick(): Promise<void> | undefined;
}

export function timeSlicer(sliceMs = 8): TimeSlicer {
  let start = performance.now();
  const pause = async () => {
    // setImmediate runs after pending I/O callbacks (socket reads, timers), unlike a microtask.
    await new Promise<void>((resolve) => setImmediate(resolve));
    start = performance.now();
  };
  const due = () => performance.now() - start >= sliceMs;
  return { due, pause, tick: () => (due() ? pause() : undefined) };
}
