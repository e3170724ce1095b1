import { LocationProvider, Route, Router } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { currentUser, isAdmin, signOut } from '../api/session.js';
import { focusMain, MainContent } from '../kit/main-content.js';
import { cartCount } from './cart.store.js';
import { forgetOrders, watchMyOrders } from './my-orders.store.js';
import { CartPage } from './pages/cart.page.js';
import { NotFoundPage } from './pages/not-found.page.js';
import { OrderPage } from './pages/order.page.js';
import { OrdersPage } from './pages/orders.page.js';
import { ProductPage } from './pages/product.page.js';
import { ProductsPage } from './pages/products.page.js';
import { SignInPage } from './pages/sign-in.page.js';
import { SignUpPage } from './pages/sign-up.page.js';

/** The storefront. Its routes are also listed in src/web/page-routes.ts, which answers them on a reload. */
export function App() {
  const user = currentUser.value;
  const customer = user?.roles.includes('customer') ?? false;
  // A customer's orders stay current while the site is open, whichever page shows them.
  useEffect(() => (customer ? watchMyOrders() : undefined), [customer, user?.id]);
  return (
    <LocationProvider>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="bar">
        <a class="brand" href="/">
          Tessera shop
        </a>
        <nav aria-label="Main">
          <ul>
            <li>
              <a href="/">Products</a>
            </li>
            <li>
              <a href="/cart">
                Cart <span class="count">{cartCount.value}</span>
              </a>
            </li>
            {customer && (
              <li>
                <a href="/orders">My orders</a>
              </li>
            )}
            {isAdmin(user) && (
              <li>
                <a href="/console">Console</a>
              </li>
            )}
            {user === null && (
              <li>
                <a href="/sign-in">Sign in</a>
              </li>
            )}
            {user && (
              <li>
                <button
                  type="button"
                  class="link"
                  onClick={() => {
                    forgetOrders();
                    void signOut();
                  }}
                >
                  Sign out<span class="visually-hidden"> {user.name}</span>
                </button>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <MainContent>
        <Router onRouteChange={focusMain}>
          <Route path="/" component={ProductsPage} />
          <Route path="/products/:id" component={ProductPage} />
          <Route path="/cart" component={CartPage} />
          <Route path="/orders" component={OrdersPage} />
          <Route path="/orders/:id" component={OrderPage} />
          <Route path="/sign-in" component={SignInPage} />
          <Route path="/sign-up" component={SignUpPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </MainContent>
      <footer class="foot">
        <a href="/docs">API documentation</a> · <a href="/console">Console</a>
      </footer>
    </LocationProvider>
  );
}
