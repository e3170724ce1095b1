import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What travels with one unit of work — an HTTP request or the handling of one
 * event — so every log line and every event it raises can be tied back to it.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly correlationId: string;
  /** What events raised now were caused by: the HTTP request id, or the id of the event being handled. */
  readonly causeId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  /** Binds the context for the rest of the current asynchronous execution. */
  enter(context: RequestContext): void {
    storage.enterWith(context);
  },
};
