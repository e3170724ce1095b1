import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem.js';
import { signIn, type User } from '../api/session.js';
import { Field } from './field.js';
import { ProblemMessage } from './problem-message.js';
import { onSubmit, useAction } from './use-action.js';

/** Email and password; the session then lives in HttpOnly cookies, out of reach of any script on the page. */
export function SignInForm({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useAction(async () => onSignedIn(await signIn(email, password)));
  const fields = submit.error instanceof ApiProblem ? submit.error.fieldErrors : {};
  return (
    <form class="form" onSubmit={onSubmit(submit.run)} aria-label="Sign in">
      <Field
        label="Email"
        type="email"
        autocomplete="username"
        required
        value={email}
        onInput={setEmail}
        errors={fields.email}
      />
      <Field
        label="Password"
        type="password"
        autocomplete="current-password"
        required
        value={password}
        onInput={setPassword}
        errors={fields.password}
      />
      <ProblemMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        Sign in
      </button>
    </form>
  );
}
