import { useLocation } from 'preact-iso';
import { SignInForm } from '../../kit/sign-in-form.js';
import { safeNext } from '../safe-next.js';

export function SignInPage() {
  const { query, route } = useLocation();
  const next = safeNext(query.next);
  return (
    <section class="narrow" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <SignInForm onSignedIn={() => route(next)} />
      <p>
        New here? <a href={`/sign-up?next=${encodeURIComponent(next)}`}>Create an account</a>.
      </p>
    </section>
  );
}
