import path from 'node:path';
import ejs from 'ejs';
import type { Express } from 'express';
import { OUTCOME_LABELS, PANEL_ROLE_LABELS } from './domain/labels.js';
import { isolateBidi } from './domain/text.js';
import * as format from './format.js';
import { appRoot } from './paths.js';

export const viewsDir = path.join(appRoot, 'views');
const layoutFile = path.join(viewsDir, 'layouts', 'main.ejs');

type RenderOptions = Record<string, unknown> & { layout?: false; settings?: Record<string, unknown> };
type Callback = (err: Error | null, html?: string) => void;

/** EJS with one layout: the page renders first, then the layout wraps it as `body`. */
function renderWithLayout(filePath: string, data: object, callback: Callback): void {
  const options = data as RenderOptions;
  const ejsOptions = { views: [viewsDir], cache: options.settings?.['view cache'] === true };
  ejs.renderFile(filePath, options, ejsOptions, (err, body) => {
    if (err) return callback(err);
    if (options.layout === false) return callback(null, body);
    ejs.renderFile(layoutFile, { ...options, body }, ejsOptions, callback);
  });
}

export function setUpViews(app: Express, development: boolean): void {
  app.engine('ejs', renderWithLayout);
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);
  // Templates are compiled once, except in development where they are edited while the app runs.
  app.set('view cache', !development);
  // For text people typed that is composed into one string of the service's (a legend, a hint):
  // FSI … PDI around it when it holds a text-direction character. Elsewhere views use <bdi>.
  app.locals.isolate = isolateBidi;
  // One way to show dates, and one set of words for the service's values, on every page.
  app.locals.format = format;
  app.locals.labels = { outcome: OUTCOME_LABELS, panelRole: PANEL_ROLE_LABELS };
}
