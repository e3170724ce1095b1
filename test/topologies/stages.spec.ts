import { describeWithBroker } from './support/broker.js';
import { contractSuite } from './support/contract-suite.js';
import { Deployment, type Stage } from './support/deployment.js';

/**
 * One black-box suite, seven deployments: macro; mini with catalog, orders,
 * users, then shipping alone beside the rest; micro with catalog, then
 * shipping, on its own database.
 * Real processes from the build, real PostgreSQL, real RabbitMQ.
 */
const { describe: describeStage, reason } = await describeWithBroker();

const STAGES: [string, Stage][] = [
  ['macro: one process', { kind: 'macro' }],
  ['mini: catalog alone', { kind: 'mini', extracted: 'catalog' }],
  ['mini: orders alone', { kind: 'mini', extracted: 'orders' }],
  ['mini: users alone', { kind: 'mini', extracted: 'users' }],
  ['mini: shipping alone', { kind: 'mini', extracted: 'shipping' }],
  ['micro: catalog alone on its own database', { kind: 'micro', extracted: 'catalog' }],
  ['micro: shipping alone on its own database', { kind: 'micro', extracted: 'shipping' }],
];

for (const [title, stage] of STAGES) {
  describeStage(`${title}${reason}`, () => {
    let deployment: Deployment;
    beforeAll(async () => {
      deployment = await Deployment.start(stage);
    }, 90_000);
    afterAll(async () => {
      await deployment?.stop();
    });
    contractSuite(() => deployment);
  });
}
