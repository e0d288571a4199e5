// The part of GOV.UK Frontend 6.6.0 (dist/govuk/govuk-frontend.min.js) the scripts here use.
// Served at /govuk/govuk-frontend.min.js; the package ships no type declarations of its own.

/** Starts every GOV.UK Frontend component on the page (or in `scope`). */
export function initAll(config?: { scope?: Element | Document | null; onError?: (error: unknown) => void }): void;
