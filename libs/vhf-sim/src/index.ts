/**
 * @svom/vhf-sim: VHF traffic as the satellite and the stations make it, for `svom simulate`,
 * tests and benchmarks. Built on the @svom/vhf codec and the @svom/astro geometry; the codec
 * itself stays pure.
 */
export { createRng, shuffleInPlace } from './rng.js';
export type { Rng } from './rng.js';
export { SequenceCounters } from './sequence-counters.js';
export { SIM_LIGHT_CURVE_BYTES_PER_FRAME, framesOfPlan } from './simulated-frame.js';
export type { PlannedMessage, SimulatedFrame } from './simulated-frame.js';
export { generateBurst } from './burst.generator.js';
export type { BurstOptions, SimulatedBurst } from './burst.generator.js';
export { generatePlatformRecurrent } from './platform.generator.js';
export type { PlatformRecurrentOptions } from './platform.generator.js';
export { DEFAULT_STATIONS, relayFrames } from './relay.js';
export type { Reception, RelayOptions, RelayResult } from './relay.js';
