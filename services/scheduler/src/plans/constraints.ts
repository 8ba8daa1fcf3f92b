import type { SchedulerConfig } from '../config.js';
import type { PlanConstraints } from '../planner/types.js';

/** The settings the planner's constraints are made of. */
export type ConstraintSettings = Pick<
  SchedulerConfig,
  | 'EARTH_LIMB_MARGIN_DEG'
  | 'ATMOSPHERE_KM'
  | 'SUN_AVOIDANCE_DEG'
  | 'MOON_AVOIDANCE_DEG'
  | 'SLEW_RATE_DEG_PER_S'
  | 'SLEW_SETTLE_S'
  | 'GALACTIC_AVOIDANCE_DEG'
  | 'CORE_MIN_S'
>;

/** The planner's constraints from the configuration (defaults in README.md, Constraints). */
export function constraintsFrom(config: ConstraintSettings): PlanConstraints {
  return {
    earthLimbMarginDeg: config.EARTH_LIMB_MARGIN_DEG,
    atmosphereKm: config.ATMOSPHERE_KM,
    sunAvoidanceDeg: config.SUN_AVOIDANCE_DEG,
    moonAvoidanceDeg: config.MOON_AVOIDANCE_DEG,
    slewRateDegPerS: config.SLEW_RATE_DEG_PER_S,
    slewSettleS: config.SLEW_SETTLE_S,
    galacticAvoidanceDeg: config.GALACTIC_AVOIDANCE_DEG,
    coreMinS: config.CORE_MIN_S,
  };
}
