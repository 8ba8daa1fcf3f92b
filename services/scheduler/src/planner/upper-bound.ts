/**
 * An upper bound on the priority-weighted observed time any plan can reach (README, Upper bound).
 *
 * Let S_k be the requests of priority ≥ k. Whatever the plan, the time spent on S_k is at most
 * cap_k = min(Σ_{r∈S_k} c_r, |∪_{r∈S_k} V_r|), where c_r = min(exposure, usable visibility of r)
 * and V_r is the time where r is observable in slices long enough (one thing at a time: the union
 * counts each instant once). Maximising Σ w_k y_k under Y_k = y_K + … + y_k ≤ cap_k with weights
 * decreasing as k falls gives, by Abel summation, Σ_k w_k (cap_k − cap_{k+1}), highest k first.
 * It ignores slews and the minimum slice packing, which is where a real plan loses time.
 */
import { PRIORITY_WEIGHT } from './types.js';
import type { Runs } from './visibility.js';

export interface BoundInput {
  priority: number;
  /** min(exposure, usable visible time), seconds. */
  capacityS: number;
  runs: Runs;
  minSteps: number;
}

export function weightedUpperBoundS(count: number, stepS: number, inputs: readonly BoundInput[]): number {
  const union = new Uint8Array(count);
  let unionSteps = 0;
  let sumCapacityS = 0;
  let previousCapS = 0;
  let bound = 0;
  const priorities = [...new Set(inputs.map((i) => i.priority))].sort((a, b) => b - a);
  for (const priority of priorities) {
    for (const input of inputs) {
      if (input.priority !== priority) continue;
      sumCapacityS += input.capacityS;
      const { runs } = input;
      for (let j = 0; j < runs.length; j += 2) {
        const a = runs[j]!;
        const b = runs[j + 1]!;
        if (b - a < input.minSteps) continue;
        // Sample i stands for the interval [t_i, t_i+1): a run [a, b] covers b − a of them.
        for (let i = a; i < b; i++) {
          if (union[i] === 0) {
            union[i] = 1;
            unionSteps++;
          }
        }
      }
    }
    const capS = Math.min(sumCapacityS, unionSteps * stepS);
    bound += (PRIORITY_WEIGHT[priority] ?? 1) * (capS - previousCapS);
    previousCapS = capS;
  }
  return bound;
}
