import { messageOf } from '../api/problem.js';

/** An error as a sentence people can act on (the API's problem `detail`), announced to screen readers. */
export function ProblemMessage({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p class="problem" role="alert">
      {messageOf(error)}
    </p>
  );
}
