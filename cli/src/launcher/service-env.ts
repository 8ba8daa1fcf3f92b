/** What the web service's upstream variables are called, by the service they point at. */
const UPSTREAM_URL_VARIABLES: Record<string, string> = {
  'vhf-ingest': 'INGEST_URL',
  alerts: 'ALERTS_URL',
  followup: 'FOLLOWUP_URL',
  scheduler: 'SCHEDULER_URL',
  notify: 'NOTIFY_URL',
};

/** `vhf-ingest` → `VHF_INGEST_PORT`: the variable that moves one service under `svom start`. */
export const portVariable = (service: string) => `${service.toUpperCase().replace(/-/g, '_')}_PORT`;

/**
 * The environment one service reads under `svom start`. Every service in the one process reads
 * the same variables, so a bare `PORT` would give them all one port: each takes its own
 * `<NAME>_PORT` instead (its default when unset), and the web service is pointed at the ports
 * the others really took, unless its `*_URL` variables say otherwise.
 */
export function serviceEnv(
  service: string,
  env: Record<string, string | undefined>,
  started: ReadonlyArray<{ name: string; port: number }>,
): Record<string, string | undefined> {
  const own: Record<string, string | undefined> = { ...env, PORT: env[portVariable(service)] };
  if (service === 'web') {
    for (const { name, port } of started) {
      const variable = UPSTREAM_URL_VARIABLES[name];
      if (variable && !env[variable]) own[variable] = `https://127.0.0.1:${port}`;
    }
  }
  return own;
}
