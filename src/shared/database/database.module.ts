import { type DynamicModule, Module } from '@nestjs/common';
import { DATABASE_RUNTIME, type DatabaseRuntime } from './database-runtime.js';

/** Makes the process's database runtime available to every module database. */
@Module({})
export class DatabaseModule {
  static forRoot(runtime: DatabaseRuntime): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [{ provide: DATABASE_RUNTIME, useValue: runtime }],
      exports: [DATABASE_RUNTIME],
    };
  }
}
