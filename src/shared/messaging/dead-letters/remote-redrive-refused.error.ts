import { ConflictError } from '../../errors/application.errors.js';

/** A re-drive another process refused (the handler failed again, or cannot run): the same 409, with its code, as when it runs here. */
export class RemoteRedriveRefusedError extends ConflictError {
  constructor(
    message: string,
    override readonly code: string,
  ) {
    super(message);
  }
}
