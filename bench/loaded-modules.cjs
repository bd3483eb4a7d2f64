/**
 * Preloaded by bench/startup.mjs (`node -r`): when the process exits, writes
 * the bundle's modules it loaded (dist/*.cjs, in load order) as a JSON list
 * to the file LOADED_MODULES_TO names.
 */
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist') + path.sep;
process.on('exit', () => {
  const loaded = Object.keys(require.cache).filter((file) => file.startsWith(dist));
  writeFileSync(process.env.LOADED_MODULES_TO, JSON.stringify(loaded));
});
