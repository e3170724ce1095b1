import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../shared/auth/index.js';
import { asyncApiText } from './asyncapi-text.js';

/** The integration events' AsyncAPI 3.0 document, beside the OpenAPI page (`/docs`). The same in every process. */
@ApiExcludeController()
@Controller('docs')
export class AsyncApiController {
  /** Made on the first request, so start-up does not pay for a page few ask for. */
  private text: string | undefined;

  @Get('asyncapi')
  @Public()
  @Header('content-type', 'application/yaml; charset=utf-8')
  document(): string {
    return (this.text ??= asyncApiText());
  }
}
