import { parseExtractArgs } from './extract-options.js';
import { ExtractError } from './schema-copy.js';

const URL_WITH_SECRET = 'postgres://owner:s3cret@catalog-db:5432/catalog';

describe('parseExtractArgs', () => {
  it('reads --to, with or without =', () => {
    expect(parseExtractArgs(['catalog', '--to', URL_WITH_SECRET], {})).toEqual({
      mode: 'to',
      module: 'catalog',
      to: URL_WITH_SECRET,
      force: false,
      showSecrets: false,
    });
    expect(parseExtractArgs(['catalog', `--to=${URL_WITH_SECRET}`, '--force'], {})).toMatchObject({
      mode: 'to',
      to: URL_WITH_SECRET,
      force: true,
    });
  });

  it('reads the URL from a variable with --to-env, so the password stays out of the command line', () => {
    const env = { CATALOG_TARGET_URL: URL_WITH_SECRET };
    expect(parseExtractArgs(['catalog', '--to-env', 'CATALOG_TARGET_URL'], env)).toMatchObject({
      mode: 'to',
      module: 'catalog',
      to: URL_WITH_SECRET,
    });
    expect(parseExtractArgs(['catalog', '--to-env=CATALOG_TARGET_URL'], env)).toMatchObject({
      mode: 'to',
      to: URL_WITH_SECRET,
    });
  });

  it.each([
    [['catalog', '--to-env', 'MISSING_URL'], /--to-env MISSING_URL: that variable is not set/],
    [['catalog', '--to-env'], /--to-env needs the name of an environment variable/],
    [['catalog', '--to-env', 'NOT-A-NAME'], /--to-env needs the name of an environment variable/],
    [['catalog', '--to-env', 'BAD_SCHEME'], /--to must be a URL starting with postgres:\/\//],
    [['catalog', '--to', URL_WITH_SECRET, '--back'], /give exactly one of/],
    [['catalog', '--drop-source', '--force'], /--force has no meaning with --drop-source/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseExtractArgs(argv, { BAD_SCHEME: 'mysql://x' })).toThrow(ExtractError);
    expect(() => parseExtractArgs(argv, { BAD_SCHEME: 'mysql://x' })).toThrow(message);
  });
});
