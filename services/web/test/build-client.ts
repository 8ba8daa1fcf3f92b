import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds the browser modules (src/client → dist/public/js) as `npm run build` does. */
export function buildClient(): void {
  const script = fileURLToPath(new URL('../scripts/build-client.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
