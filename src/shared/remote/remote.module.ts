import { type DynamicModule, Global, Module } from '@nestjs/common';
import { REMOTE_SETTINGS, type RemoteSettings } from './remote-settings.js';

/** Process-wide settings for calls to modules hosted elsewhere. */
@Global()
@Module({})
export class RemoteModule {
  static forRoot(settings: RemoteSettings): DynamicModule {
    return {
      module: RemoteModule,
      providers: [{ provide: REMOTE_SETTINGS, useValue: settings }],
      exports: [REMOTE_SETTINGS],
    };
  }
}
