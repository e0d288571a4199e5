// Loaded (--import) into Stryker's processes only, by test/mutation/run.js: Stryker's mocha runner
// cannot load mocha 12 (its CLI helpers became .cjs files), so there it gets mocha 11, which
// test/mutation/mocha-11/package.json installs. npm test and everything else keep mocha 12.
import { registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const from = pathToFileURL(path.join(here, 'mocha-11', 'package.json')).href;
const rootMocha = `${path.join(here, '..', '..', 'node_modules', 'mocha')}${path.sep}`;
const mocha11 = `${path.join(here, 'mocha-11', 'node_modules', 'mocha')}${path.sep}`;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'mocha' || specifier.startsWith('mocha/')) {
      return nextResolve(specifier, { ...context, parentURL: from });
    }
    if (specifier.startsWith(rootMocha))
      return nextResolve(mocha11 + specifier.slice(rootMocha.length), context);
    return nextResolve(specifier, context);
  },
});
