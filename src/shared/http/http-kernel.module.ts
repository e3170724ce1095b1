import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ProblemDetailsFilter } from './problems/problem-details.filter.js';
import { createValidationPipe } from './body/validation.pipe.js';

/** The HTTP conventions every route shares: DTO validation and problem+json errors. */
@Module({
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class HttpKernelModule {}
