/**
 * The entry point, `node dist/server/index.js` in production (and `npm start` under tsx in
 * development). Node 22 keeps the code it compiles in a cache between starts when asked to before
 * the modules load, which is why the app itself is imported only afterwards. NODE_COMPILE_CACHE
 * chooses the folder (default: the system's temporary folder); NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import module from 'node:module';

module.enableCompileCache?.();
await import('./main.js');
