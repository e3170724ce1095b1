import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the OpenAPI page at `/docs` and the document at `/docs-json`, generated from the controllers. */
export function setUpOpenApi(app: INestApplication, version: string): void {
  const config = new DocumentBuilder()
    .setTitle('Tessera API')
    .setDescription(
      'A commerce backend (users, catalog, orders). Errors are application/problem+json (RFC 9457). ' +
        'Sign in with POST /api/auth/login and send the token as "Authorization: Bearer <token>".',
    )
    .setVersion(version)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
