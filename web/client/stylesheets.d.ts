/** Stylesheets imported by browser entries: Vite bundles them; TypeScript only needs to know they exist. */
declare module '*.css';
