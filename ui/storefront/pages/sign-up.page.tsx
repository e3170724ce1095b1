import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { signIn } from '../../api/session.js';
import { Field } from '../../kit/field.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { onSubmit, useAction } from '../../kit/use-action.js';
import { safeNext } from '../safe-next.js';

export function SignUpPage() {
  const { query, route } = useLocation();
  const next = safeNext(query.next);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useAction(async () => {
    await call(() => api.POST('/api/users', { body: { name, email, password } }));
    await signIn(email, password);
    route(next);
  });
  const fields = submit.error instanceof ApiProblem ? submit.error.fieldErrors : {};
  return (
    <section class="narrow" aria-labelledby="sign-up-heading">
      <h1 id="sign-up-heading">Create an account</h1>
      <form class="form" onSubmit={onSubmit(submit.run)} aria-label="Create an account">
        <Field label="Name" autocomplete="name" required value={name} onInput={setName} errors={fields.name} />
        <Field
          label="Email"
          type="email"
          autocomplete="email"
          required
          value={email}
          onInput={setEmail}
          errors={fields.email}
        />
        <Field
          label="Password"
          type="password"
          autocomplete="new-password"
          required
          value={password}
          onInput={setPassword}
          errors={fields.password}
        />
        <ProblemMessage error={submit.error} />
        <button type="submit" disabled={submit.busy}>
          Create account
        </button>
      </form>
      <p>
        Have an account? <a href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</a>.
      </p>
    </section>
  );
}
