import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { QueryInteger } from '../../shared/pagination/query-integer.js';

/** The most dead letters one page shows. */
export const MAX_DEAD_LETTER_PAGE = 500;

/** `?includeRedriven&cursor`, shared by the public listing and the one processes ask each other for. */
export class DeadLetterFilterQuery {
  @ApiPropertyOptional({ description: 'Also list dead letters already re-driven.', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRedriven?: boolean;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class ListDeadLettersQuery extends DeadLetterFilterQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_DEAD_LETTER_PAGE, default: 100 })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_DEAD_LETTER_PAGE)
  limit?: number;
}

/** What one process asks another for: a page and one more, to tell whether a next page exists. */
export class PeerDeadLettersQuery extends DeadLetterFilterQuery {
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_DEAD_LETTER_PAGE + 1)
  limit?: number;
}
