import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Compiles the browser modules (src/client → dist/public/js) as `npm run build` does. */
export function buildClient(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.client.json'], { cwd: root, stdio: 'inherit' });
}
