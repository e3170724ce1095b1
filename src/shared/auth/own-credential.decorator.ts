import { SetMetadata } from '@nestjs/common';

export const OWN_CREDENTIAL = 'tessera:own-credential';

/**
 * The route checks a credential of its own in `Authorization` (the metrics
 * scrape token), so the access-token guard leaves the header alone.
 */
export const OwnCredential = () => SetMetadata(OWN_CREDENTIAL, true);
