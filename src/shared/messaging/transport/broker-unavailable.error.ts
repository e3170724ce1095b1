/** The broker cannot take a publish now; the event waits in its outbox. */
export class BrokerUnavailableError extends Error {
  constructor(message = 'the message broker is not connected') {
    super(message);
    this.name = 'BrokerUnavailableError';
  }
}
