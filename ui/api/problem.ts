import type { components } from './tessera-api.js';

export type ProblemDetails = components['schemas']['ProblemDetails'];

/**
 * What went wrong with a call, as the API said it (problem+json): its `detail` is written for people and is what the
 * pages show; field errors go next to their fields.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly code: string,
    readonly fieldErrors: Readonly<Record<string, string[]>> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  static from(response: Response | undefined, body: unknown): ApiProblem {
    if (isProblem(body)) return new ApiProblem(body.status, body.title, body.detail, body.code, fieldErrors(body));
    const status = response?.status ?? 0;
    return new ApiProblem(
      status,
      'Unexpected answer',
      `The server answered ${status} ${response?.statusText ?? ''}`.trim() + '; please try again.',
      'unexpected',
    );
  }

  static unreachable(): ApiProblem {
    return new ApiProblem(
      0,
      'Offline',
      'The shop cannot be reached right now; check your connection and try again.',
      'offline',
    );
  }
}

function isProblem(body: unknown): body is ProblemDetails {
  const candidate = body as Partial<ProblemDetails> | null;
  return typeof candidate?.detail === 'string' && typeof candidate.status === 'number';
}

function fieldErrors(problem: ProblemDetails): Record<string, string[]> {
  const errors = problem.errors as Record<string, unknown> | undefined;
  if (!errors) return {};
  return Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [field, Array.isArray(messages) ? messages.map(String) : []]),
  );
}

/** Any failure as a message for people. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong; please try again.';
}
