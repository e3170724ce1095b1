/**
 * The paths each page's own router shows a view at (ui/storefront/app.tsx, ui/console/app.tsx): the server answers
 * the page there, so that a reload or a shared link works; anything else stays a 404 problem. The browser suite opens
 * each of them directly.
 */
export const STOREFRONT_ROUTES = ['/', '/products/:id', '/cart', '/orders', '/orders/:id', '/sign-in', '/sign-up'];
export const CONSOLE_ROUTES = ['/console', '/console/*'];
