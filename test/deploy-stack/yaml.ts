// YAML for the deployment tests (compose files, the Heat template, cloud-init), read with the
// parser that is present wherever Debian's docker-compose is: the Python that runs
// docker-compose (its package depends on python3-yaml), so the tests read YAML exactly as
// compose does and the project carries no YAML library of its own. Writing needs none: JSON is
// YAML, and compose, cloud-init and Heat read it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const installCompose =
  'apt-get update && apt-get install -y docker-compose (Debian package docker-compose, 1.29)';

/** The path of a required tool, or an error that says how to install it (tests fail, never skip). */
export function requireTool(command: string, install: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path) {
    throw new Error(`${command} is not installed, and these deployment checks need it: ${install}`);
  }
  return path;
}

export function dockerCompose(): string {
  return requireTool('docker-compose', installCompose);
}

/** Parses YAML text; dates (heat_template_version) come back as strings. */
export function readYaml(text: string): Json {
  const compose = dockerCompose();
  const shebang = readFileSync(compose, 'utf8').split('\n', 1)[0] ?? '';
  const python =
    shebang.startsWith('#!') && shebang.includes('python')
      ? shebang.slice(2).trim().split(/\s+/)[0]!
      : '/usr/bin/python3';
  const script = 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin), default=str))';
  const result = spawnSync(python, ['-c', script], { input: text, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`YAML did not parse (${python}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Json;
}
