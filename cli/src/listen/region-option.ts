import { InvalidArgumentError } from 'commander';
import type { SkyRegion } from '@svom/voevent';

/** `--region ra,dec,radius` in degrees. */
export function parseRegion(text: string): SkyRegion {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const [raDeg, decDeg, radiusDeg] = parts;
  if (
    parts.length !== 3 ||
    parts.some((p) => !Number.isFinite(p)) ||
    raDeg! < 0 ||
    raDeg! >= 360 ||
    Math.abs(decDeg!) > 90 ||
    radiusDeg! <= 0 ||
    radiusDeg! > 180
  ) {
    throw new InvalidArgumentError(
      'expected ra,dec,radius in degrees (0 ≤ ra < 360, -90 ≤ dec ≤ 90, 0 < radius ≤ 180), e.g. 204.6,44.6,5',
    );
  }
  return { raDeg: raDeg!, decDeg: decDeg!, radiusDeg: radiusDeg! };
}
