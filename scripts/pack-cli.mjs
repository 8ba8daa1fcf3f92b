// `npm run pack:cli`: the `svom` command as a package of its own, for astronomers who install it
// with `npm install -g svom-cli-<version>.tgz` on a machine without the FSC. One file: the
// workspace libraries it uses (voevent, vtp, contracts, vhf, astro, the kit's identity) bundled
// from their sources with the npm packages they import, at the versions this repository's lock
// installed; only packages that load files of their own (libxml2-wasm's WebAssembly) stay
// dependencies. `svom start` is left out: it runs the services, from the repository.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { ensureInstalled, root } from './prepare.mjs';

ensureInstalled();
const out = join(root, 'build', 'svom-cli');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'dist'), { recursive: true });

// Packages that read files beside their code at run time: installed, not bundled.
const KEEP_AS_DEPENDENCIES = ['libxml2-wasm'];
await build({
  entryPoints: [join(root, 'cli/src/standalone.ts')],
  outfile: join(out, 'dist/svom.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  external: KEEP_AS_DEPENDENCIES,
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __svomRequire } from 'node:module';\nconst require = __svomRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The bundle lives in dist/, one level below the package root as each library's src/ was, so
// their `new URL('../schemas/…', import.meta.url)` finds the schemas copied to the root.
cpSync(join(root, 'libs/voevent/schemas'), join(out, 'schemas'), { recursive: true });

const versionOf = (name) => createRequire(join(root, 'libs/voevent/package.json'))(`${name}/package.json`).version;
const cli = JSON.parse(readFileSync(join(root, 'cli/package.json'), 'utf8'));
const dependencies = Object.fromEntries(KEEP_AS_DEPENDENCIES.map((name) => [name, versionOf(name)]));
writeFileSync(
  join(out, 'package.json'),
  `${JSON.stringify(
    {
      name: 'svom-cli',
      version: cli.version,
      description: 'The svom command of the SVOM French Science Center: listen to, send, convert and validate alerts',
      type: 'module',
      bin: { svom: './dist/svom.mjs' },
      files: ['dist', 'schemas'],
      engines: { node: '>=20.19' },
      license: 'MIT',
      dependencies,
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(out, 'README.md'),
  `# svom-cli\n\nThe \`svom\` command of the SVOM French Science Center, on its own: \`svom --help\`.\nMade by \`npm run pack:cli\` in the FSC repository; the schemas under schemas/ come from its libs/voevent (their origin is noted there).\n`,
);
const pack = spawnSync('npm', ['pack', '--pack-destination', join(root, 'build')], { cwd: out, encoding: 'utf8' });
if (pack.status !== 0) {
  console.error(pack.stderr);
  process.exit(1);
}
const tarball = join(root, 'build', pack.stdout.trim().split('\n').pop());
console.log(tarball);
