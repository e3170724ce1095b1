// The container image's HEALTHCHECK (docs/container-image.md): GET /health on this container's own
// port, healthy on 200 only. Node itself is the probe: the minbase image has no curl.
const port = process.env.PORT || '3000'; // Tessera's default port
const listening = process.env.HOST ?? '';
// Listening on every address (the image's HOST=0.0.0.0, or ::) includes the loopback one.
const host = ['', '0.0.0.0', '::'].includes(listening)
  ? '127.0.0.1'
  : listening.includes(':')
    ? `[${listening}]`
    : listening;

try {
  const response = await fetch(`http://${host}:${port}/health`, { signal: AbortSignal.timeout(4_000) });
  const body = await response.text();
  process.stdout.write(`GET /health ${response.status} ${body.slice(0, 500)}\n`);
  process.exit(response.status === 200 ? 0 : 1);
} catch (error) {
  process.stdout.write(`GET /health failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
