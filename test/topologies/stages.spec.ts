import { describeWithBroker } from './support/broker.js';
import { contractSuite } from './support/contract-suite.js';
import { Deployment, type Stage } from './support/deployment.js';

/**
 * One black-box suite, five deployments: macro; mini with catalog, then orders,
 * then users alone beside the rest; micro with catalog on its own database.
 * Real processes from the build, real PostgreSQL, real RabbitMQ.
 */
const { describe: describeStage, reason } = await describeWithBroker();

const STAGES: [string, Stage][] = [
  ['macro: one process', { kind: 'macro' }],
  ['mini: catalog alone', { kind: 'mini', extracted: 'catalog' }],
  ['mini: orders alone', { kind: 'mini', extracted: 'orders' }],
  ['mini: users alone', { kind: 'mini', extracted: 'users' }],
  ['micro: catalog alone on its own database', { kind: 'micro', extracted: 'catalog' }],
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
