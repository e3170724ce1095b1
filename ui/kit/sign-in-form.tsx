import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem.js';
import { signIn, type User } from '../api/session.js';
import { Field } from './field.js';
import { ProblemMessage } from './problem-message.js';

/** Email and password; the session then lives in HttpOnly cookies, out of reach of any script on the page. */
export function SignInForm({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiProblem ? error.fieldErrors : {};
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await signIn(email, password));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={submit} aria-label="Sign in">
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
      <ProblemMessage error={error} />
      <button type="submit" disabled={busy}>
        Sign in
      </button>
    </form>
  );
}
