import { LocationProvider, Route, Router } from 'preact-iso';
import { currentUser, isAdmin, signOut } from '../api/session.js';
import { focusMain, MainContent } from '../kit/main-content.js';
import { SignInForm } from '../kit/sign-in-form.js';
import { DeadLettersPage } from './pages/dead-letters.page.js';
import { EventsPage } from './pages/events.page.js';
import { ModulesPage } from './pages/modules.page.js';
import { OrdersPage } from './pages/orders.page.js';
import { ProductsPage } from './pages/products.page.js';

/** The operations console, for admins. Served at /console and every path under it (src/web/page-routes.ts). */
export function App() {
  const user = currentUser.value;
  return (
    <LocationProvider>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="bar console-bar">
        <a class="brand" href="/console">
          Tessera console
        </a>
        {isAdmin(user) && (
          <nav aria-label="Console">
            <ul>
              <li>
                <a href="/console">Modules</a>
              </li>
              <li>
                <a href="/console/events">Live events</a>
              </li>
              <li>
                <a href="/console/dead-letters">Dead letters</a>
              </li>
              <li>
                <a href="/console/products">Products</a>
              </li>
              <li>
                <a href="/console/orders">Orders</a>
              </li>
            </ul>
          </nav>
        )}
        <ul class="session">
          <li>
            <a href="/">Shop</a>
          </li>
          {user && (
            <li>
              <button type="button" class="link" onClick={() => void signOut()}>
                Sign out<span class="visually-hidden"> {user.name}</span>
              </button>
            </li>
          )}
        </ul>
      </header>
      <MainContent>
        {user === undefined ? (
          <p aria-busy="true">Loading…</p>
        ) : user === null ? (
          <section class="narrow" aria-labelledby="console-sign-in-heading">
            <h1 id="console-sign-in-heading">Sign in to the console</h1>
            <SignInForm onSignedIn={() => undefined} />
          </section>
        ) : !isAdmin(user) ? (
          <section aria-labelledby="console-refused-heading">
            <h1 id="console-refused-heading">For admins only</h1>
            <p>
              {user.name}, your account is a customer's: the console needs an admin account.{' '}
              <a href="/">Back to the shop</a>.
            </p>
          </section>
        ) : (
          <Router onRouteChange={focusMain}>
            <Route path="/console" component={ModulesPage} />
            <Route path="/console/events" component={EventsPage} />
            <Route path="/console/dead-letters" component={DeadLettersPage} />
            <Route path="/console/products" component={ProductsPage} />
            <Route path="/console/orders" component={OrdersPage} />
            <Route default component={NotFound} />
          </Router>
        )}
      </MainContent>
    </LocationProvider>
  );
}

function NotFound() {
  return (
    <section aria-labelledby="console-not-found-heading">
      <h1 id="console-not-found-heading">Page not found</h1>
      <p>
        <a href="/console">Back to the modules</a>
      </p>
    </section>
  );
}
