import { STATUS_CODES } from 'node:http';
import type { OpenAPIObject } from '@nestjs/swagger';

const PROBLEM = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/ProblemDetails' };

/** RFC 9457 problem details, as every error of the API is answered (src/shared/http/problems/problem-details.ts). */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:tessera:problem:validation-failed' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request is invalid: email must be a string.' },
    code: {
      type: 'string',
      description: 'Stable, machine-readable; branch on this, not on detail.',
      example: 'validation-failed',
    },
    instance: { type: 'string', example: '/api/users' },
    requestId: { type: 'string', description: 'Also in the x-request-id header; quote it when reporting a problem.' },
    traceId: {
      type: 'string',
      description: 'When tracing is on: the OpenTelemetry trace id of the request, which leads to its trace.',
      example: '4bf92f3577b34da6a3ce929d0e0e4736',
    },
    errors: {
      type: 'object',
      description: 'On 400: messages per field (dotted path, e.g. lines[0].quantity).',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
  },
} as const;

/** The refusals the kernel gives every operation of a kind, whatever its controller declares. */
const KERNEL_REFUSALS = {
  authenticated: { 401: 'No valid access token (send "Authorization: Bearer <token>").' },
  withBody: {
    400: 'The body is not valid JSON or breaks a rule (`errors` names each field).',
    413: 'The body is larger than BODY_LIMIT_BYTES.',
    415: 'The body is not JSON in UTF-8.',
  },
  withQuery: { 400: 'A query parameter is malformed or out of range (`errors` names it).' },
  any: {
    '4XX': 'Refused before it was handled: a malformed request (bad URL or headers, 400) or headers too large (431).',
  },
} as const;

/**
 * Documents the error shape once, for every operation: the ProblemDetails
 * schema, a `default` response that uses it, problem+json content on every
 * 4xx/5xx response a controller declared with only a description, and the
 * refusals the kernel gives (401 without a token, 400/413/415 for a body, 400
 * for a query). Generated clients then know what every error looks like.
 */
export function documentProblems(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_SCHEMA as never },
  };
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const anonymous = operation.security?.some((requirement) => Object.keys(requirement).length === 0) ?? false;
      const refusals = {
        ...(anonymous ? {} : KERNEL_REFUSALS.authenticated),
        ...(operation.parameters?.some((parameter) => 'in' in parameter && parameter.in === 'query')
          ? KERNEL_REFUSALS.withQuery
          : {}),
        ...(operation.requestBody ? KERNEL_REFUSALS.withBody : {}),
      };
      const responses = (operation.responses ??= {});
      for (const [status, description] of Object.entries(refusals)) responses[status] ??= { description };
      if (!Object.keys(responses).some((status) => status.startsWith('4')))
        responses['4XX'] = { description: KERNEL_REFUSALS.any['4XX'] };
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if ((Number(status) >= 400 || status === '4XX') && response && 'description' in response && !response.content)
          response.content = { [PROBLEM]: { schema: PROBLEM_REF } };
      }
      operation.responses = {
        ...operation.responses,
        default: {
          description: `An error (${errorStatuses(operation.responses ?? {})}), as RFC 9457 problem details.`,
          content: { [PROBLEM]: { schema: PROBLEM_REF } },
        },
      };
    }
  }
  return document;
}

function errorStatuses(responses: Record<string, unknown>): string {
  const declared = Object.keys(responses)
    .filter((status) => Number(status) >= 400)
    .sort();
  return declared.length > 0
    ? declared.map((status) => `${status} ${STATUS_CODES[Number(status)] ?? ''}`.trim()).join(', ') + ', or another'
    : 'any status from 400 up';
}
