// Loaded (--import) into Stryker's processes only, by test/mutation/run.js: Stryker's mocha runner
// cannot load mocha 12 (its CLI helpers became .cjs files), so there it gets mocha 11, which
// test/mutation/mocha-11/package.json declares. .npmrc's install-links makes npm copy that package
// into node_modules (with mocha 11 inside it) rather than link it, so no third-party code is
// installed under test/. npm test and everything else keep mocha 12.
import { registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const installed = path.join(here, '..', '..', 'node_modules', 'panel-scoring-mocha-11');
const from = pathToFileURL(path.join(installed, 'package.json')).href;
const rootMocha = `${path.join(here, '..', '..', 'node_modules', 'mocha')}${path.sep}`;
const mocha11 = `${path.join(installed, 'node_modules', 'mocha')}${path.sep}`;

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
