import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const UserRegisteredV1 = defineIntegrationEvent({
  type: 'users.user-registered.v1',
  description: 'A customer account was created.',
  example: { userId: '01a2006f-ab6b-7ca6-9f96-9d78441ecf29', email: 'ada@example.com', name: 'Ada Lovelace' },
  shape: (p) => ({ userId: p.uuid('userId'), email: p.string('email'), name: p.string('name') }),
});
export type UserRegisteredV1 = EventPayload<typeof UserRegisteredV1>;
