import { toDisposable, type Clock } from '@vpp-host/api';

/** Wall-clock time for running the simulator on its own (the demo and the bench). */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    return toDisposable(() => clearTimeout(timer));
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
