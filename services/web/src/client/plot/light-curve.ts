// The light curve plot's data: counts per bin and band as step series in seconds from T0.

import type { LightCurve } from '../types.js';

export interface Series {
  label: string;
  /** Bin edges in seconds from T0: one more than the counts. */
  edgesS: number[];
  /** Counts per second in each bin, so bins of any width compare. */
  rates: number[];
}

export interface LightCurvePlot {
  series: Series[];
  /** x extent in seconds from T0. */
  xDomain: [number, number];
  /** y extent in counts per second, from zero. */
  yDomain: [number, number];
}

/**
 * One series per energy band and their total, each as rates (counts / bin width). With several
 * bands the total comes first, since it is what an advocate looks at to judge a trigger.
 */
export function lightCurveSeries(lc: LightCurve, t0Iso: string, bandLabels: readonly string[] = []): LightCurvePlot {
  const startS = (new Date(lc.start).getTime() - new Date(t0Iso).getTime()) / 1000;
  const binS = lc.binMs / 1000;
  const bins = Math.min(lc.bins, lc.counts.length);
  const edgesS = Array.from({ length: bins + 1 }, (_, i) => startS + i * binS);
  const perBand: number[][] = Array.from({ length: lc.bands }, () => []);
  const total: number[] = [];
  for (let i = 0; i < bins; i++) {
    const row = lc.counts[i] ?? [];
    let sum = 0;
    for (let b = 0; b < lc.bands; b++) {
      const c = row[b] ?? 0;
      perBand[b]!.push(c / binS);
      sum += c;
    }
    total.push(sum / binS);
  }
  const series: Series[] = [];
  if (lc.bands > 1) series.push({ label: 'all bands', edgesS, rates: total });
  perBand.forEach((rates, b) => series.push({ label: bandLabels[b] ?? `band ${b + 1}`, edgesS, rates }));
  const maxRate = Math.max(0, ...series.flatMap((s) => s.rates));
  return { series, xDomain: [edgesS[0] ?? 0, edgesS.at(-1) ?? 0], yDomain: [0, maxRate > 0 ? maxRate : 1] };
}

/** A step path through the series: flat over each bin, vertical at each edge. */
export function stepPoints(s: Series, x: (v: number) => number, y: (v: number) => number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  s.rates.forEach((rate, i) => {
    out.push([x(s.edgesS[i]!), y(rate)], [x(s.edgesS[i + 1]!), y(rate)]);
  });
  return out;
}
