// `npm run image [-- --tag <name>] [--no-build] [--refresh-base]`: builds the container image
// (docs/container-image.md) with scripts/image/image.mjs, printing each step and the image's size.
import { parseArgs } from 'node:util';
import { buildImage, DEFAULT_TAG, megabytes, missingPrerequisites } from './image.mjs';

const { values } = parseArgs({
  options: {
    tag: { type: 'string', default: DEFAULT_TAG },
    'no-build': { type: 'boolean', default: false },
    'refresh-base': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    [
      'npm run image -- [options]',
      `  --tag <name>      the image's name (default ${DEFAULT_TAG})`,
      '  --no-build        use the dist/ already built instead of running `npm run build`',
      '  --refresh-base    make the Debian base again (new security updates) even when it is cached',
      '  --verbose         show the output of debootstrap, npm and podman build',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const missing = missingPrerequisites();
if (missing) {
  process.stderr.write(`image: cannot build here: ${missing}\n`);
  process.exit(1);
}
try {
  const built = await buildImage({
    tag: values.tag,
    build: !values['no-build'],
    refreshBase: values['refresh-base'],
    echo: values.verbose,
  });
  process.stdout.write(
    `image: done: ${built.tag}, Node ${built.node}, ${megabytes(built.size)}; ` +
      `base ${built.base.built ? `made in ${built.base.seconds} s` : 'cached'}, ` +
      `podman build ${built.buildSeconds} s, ${built.totalSeconds} s in all\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
