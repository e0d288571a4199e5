import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';

export const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../views');

/** Render views/components/<name>.ejs with `{ params }`, the way a page includes it. */
export function renderComponent(name: string, params: unknown): string {
  const filename = path.join(viewsDir, 'components', `${name}.ejs`);
  return ejs.render(readFileSync(filename, 'utf8'), { params }, { filename, views: [viewsDir] });
}

/** Render an EJS template string as if it were a file under views/ (for include paths). */
export function renderString(template: string, data: Record<string, unknown>, asFile: string): string {
  return ejs.render(template, data, { filename: path.join(viewsDir, asFile), views: [viewsDir] });
}
