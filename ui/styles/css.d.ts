/** Stylesheets are imported for their effect: esbuild bundles them beside the page's script. */
declare module '*.css';
