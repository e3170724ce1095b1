/** What a remote module answered: the body read whole, or, for an event stream, the stream as it comes. */
export interface RemoteAnswer {
  readonly response: Response;
  readonly payload: Buffer;
  readonly stream?: ReadableStream<Uint8Array>;
  /** Ends the exchange (an event stream whose client left). */
  readonly abort: () => void;
}
