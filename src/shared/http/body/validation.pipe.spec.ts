import 'reflect-metadata';
import { jest } from '@jest/globals';
import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ValidationError } from '../../errors/application.errors.js';
import { PageQuery } from '../../pagination/page.query.js';
import { QueryInteger } from '../../pagination/query-integer.js';
import { compiledRules } from './compiled-rules.js';
import { createValidationPipe, VALIDATION_OPTIONS } from './validation.pipe.js';

// DTOs with the rules the application's queries and bodies use.
class SearchQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(10)
  q?: string;
}

class FilterQuery extends PageQuery {
  @IsOptional()
  @IsIn(['PENDING', 'CONFIRMED'])
  status?: string;

  @IsOptional()
  @IsUUID('all')
  ownerId?: string;
}

class FlagQuery {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  all?: boolean;

  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

class EditBody {
  @ValidateIf((body: EditBody) => body.name !== undefined)
  @IsString()
  @MaxLength(5)
  name?: string;

  @IsInt()
  @Min(0)
  price!: number;
}

class LineBody {
  @IsInt()
  quantity!: number;
}

class NestedBody {
  @ValidateNested({ each: true })
  @Type(() => LineBody)
  lines!: LineBody[];
}

const UUID = '0192f0c4-7f39-7a3e-9d5b-2c1f3a4b5c6d';
const QUERY_VALUES = [undefined, '', '0', '1', '20', '100', '101', '1.5', '1e1', '0x10', ' 5', 'abc', 'true', 'false'];
const TEXT_VALUES = [
  undefined,
  '',
  'tea',
  'a'.repeat(10),
  'a'.repeat(11),
  'PENDING',
  'pending',
  UUID,
  UUID.toUpperCase(),
];

/** Every combination of the given values for the given fields (an undefined value leaves the field out). */
function combinations(fields: Record<string, readonly unknown[]>): Record<string, unknown>[] {
  return Object.entries(fields).reduce<Record<string, unknown>[]>(
    (inputs, [field, values]) =>
      inputs.flatMap((input) => values.map((value) => (value === undefined ? input : { ...input, [field]: value }))),
    [{}],
  );
}

/** Nest's own pipe with the same options: what the application answered before the fast path. */
const reference = new ValidationPipe(VALIDATION_OPTIONS);
const pipe = createValidationPipe();

async function outcome(validator: ValidationPipe, value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
  try {
    return { value: await validator.transform(structuredClone(value), metadata) };
  } catch (error) {
    return { refused: error instanceof ValidationError ? error.fields : error };
  }
}

describe('the validation pipe', () => {
  const cases: [string, new () => object, 'query' | 'body', Record<string, unknown>[]][] = [
    [
      'a search query',
      SearchQuery,
      'query',
      combinations({ limit: QUERY_VALUES, cursor: TEXT_VALUES, q: TEXT_VALUES }),
    ],
    [
      'a filter query',
      FilterQuery,
      'query',
      combinations({ limit: QUERY_VALUES, status: TEXT_VALUES, ownerId: TEXT_VALUES }),
    ],
    [
      'a query with a flag',
      FlagQuery,
      'query',
      combinations({ all: QUERY_VALUES, limit: QUERY_VALUES, extra: [undefined, 'x'] }),
    ],
    [
      'a flat body',
      EditBody,
      'body',
      combinations({ name: [undefined, null, 'tea', 'sencha', 1], price: [undefined, null, 0, -1, 1.5, '3', true, 7] }),
    ],
  ];

  it.each(cases)('answers %s exactly as the full validation does', async (_name, metatype, type, inputs) => {
    const metadata: ArgumentMetadata = { type, metatype, data: undefined };
    const rules = compiledRules(metatype)!;
    expect(rules).not.toBeNull();
    for (const input of inputs) {
      const expected = await outcome(reference, input, metadata);
      const actual = await outcome(pipe, input, metadata);
      // The compiled rules decide alone, for valid and invalid input alike.
      expect({
        input,
        valid: rules(plainToInstance<object, object>(metatype, input, VALIDATION_OPTIONS.transformOptions)),
      }).toEqual({
        input,
        valid: 'value' in (expected as object),
      });
      // The same instance (class and fields) when valid, the same fields named when not.
      expect({ input, actual }).toEqual({ input, actual: expected });
      if ('value' in (actual as object)) expect((actual as { value: object }).value).toBeInstanceOf(metatype);
    }
  });

  it('answers a valid query as Fastify parses it without the full validation', async () => {
    // fast-querystring's result: an object on an empty, null-prototype root.
    const Parsed = function (this: Record<string, string>) {} as unknown as new () => Record<string, string>;
    Parsed.prototype = Object.create(null) as object;
    const query = Object.assign(new Parsed(), { limit: '5', q: 'tea' });
    const full = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const value = await pipe.transform(query, { type: 'query', metatype: SearchQuery, data: undefined });
      expect(value).toBeInstanceOf(SearchQuery);
      expect({ ...(value as object) }).toEqual({ limit: 5, cursor: undefined, q: 'tea' });
      expect(full).not.toHaveBeenCalled();
    } finally {
      full.mockRestore();
    }
  });

  it('leaves a class with nested rules to the full validation', async () => {
    expect(compiledRules(NestedBody)).toBeNull();
    const metadata: ArgumentMetadata = { type: 'body', metatype: NestedBody, data: undefined };
    expect(await outcome(pipe, { lines: [{ quantity: 'x' }] }, metadata)).toEqual({
      refused: { 'lines[0].quantity': ['must be a whole number'] },
    });
  });

  it('refuses with the reasons of the full validation', async () => {
    const metadata: ArgumentMetadata = { type: 'query', metatype: SearchQuery, data: undefined };
    expect(await outcome(pipe, { limit: '0', q: 'a'.repeat(11), other: '1' }, metadata)).toEqual({
      refused: {
        limit: ['must not be less than 1'],
        q: ['must be shorter than or equal to 10 characters'],
        other: ['is not an accepted field'],
      },
    });
  });
});
