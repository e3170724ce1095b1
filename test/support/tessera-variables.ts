/**
 * Every environment variable Tessera reads (and the `<X>_URL` families). A
 * process a test starts gets only the ones the test gives it: one exported in
 * the runner's shell (a BROKER_URL, a MODULES) must not change what is tested.
 */
export const TESSERA_VARIABLE =
  /^(NODE_ENV|MODULES|PORT|HOST|TRUST_PROXY|SERVICE_TOKEN|LOG_LEVEL|[A-Z][A-Z0-9]*_URL|[A-Z][A-Z0-9]*_DATABASE_URL|(BROKER|JWT|ADMIN|DB|RELAY|EVENT|REMOTE|PROXY|BREAKER|LOGIN|REGISTRATION|REFRESH|OUTBOX|INBOX|TESSERA|EMBEDDED|BODY|METRICS)_[A-Z0-9_]+)$/;
