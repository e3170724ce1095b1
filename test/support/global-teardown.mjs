export default async function globalTeardown() {
  await globalThis.__TESSERA_TEST_SERVER__?.stop();
}
