// The planner as the service (and the bench) use it: pure, no I/O.
export { prepareSky, sampleMs, type Sky } from './sky.js';
export { visibleRuns, direction, type Runs, type Direction } from './visibility.js';
export { corePointing } from './pointing-law.js';
export { slewSeconds } from './slew.js';
export { place, type PlanningInput } from './planner.js';
export { assemble } from './assemble.js';
export * from './types.js';

import { assemble } from './assemble.js';
import { place, type PlanningInput } from './planner.js';
import type { PlanResult } from './types.js';

/** Places the requests and assembles the timeline. */
export function makePlan(input: PlanningInput): PlanResult {
  return assemble(input.sky, place(input), input.constraints);
}
