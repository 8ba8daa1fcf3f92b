/**
 * Where `svom start --simulate` starts the station simulator (cli/src/simulate). Until the
 * simulator lands this says so plainly rather than pretending.
 */
export async function startSimulationForLauncher(_options: { stations: number; rate: number; log: (line: string) => void }): Promise<() => Promise<void>> {
  throw new Error('the station simulator is not built yet (svom simulate)');
}
