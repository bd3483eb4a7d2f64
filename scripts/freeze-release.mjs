/**
 * Keeps the templates of the version in package.json, before it is bumped:
 * `npm run build && node scripts/freeze-release.mjs`. `update` renders a
 * project as the version that made it did (its merge base) from
 * templates/releases/<version>/: the template tree (project/) and the
 * Python stack the templates saw (stack.json). Run it once per release,
 * before changing the version; it refuses to overwrite a frozen release.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const target = path.join('templates', 'releases', version);
if (existsSync(target)) {
  console.error(`${target} exists already: version ${version} is frozen. Bump the version in package.json first.`);
  process.exit(1);
}
const stack = await import('../dist/project/python-stack.js');
mkdirSync(target, { recursive: true });
cpSync(path.join('templates', 'project'), path.join(target, 'project'), {
  recursive: true,
  filter: (source) => !/(^|[\\/])__pycache__$|\.py[co]$/.test(source),
});
const frozenStack = {
  dependencies: stack.PYTHON_DEPENDENCIES,
  devDependencies: stack.PYTHON_DEV_DEPENDENCIES,
  extras: stack.PYTHON_EXTRAS,
  constraints: stack.VERIFIED_CONSTRAINTS,
  pythonVersions: stack.PYTHON_VERSIONS,
};
writeFileSync(path.join(target, 'stack.json'), `${JSON.stringify(frozenStack, null, 2)}\n`);
console.log(`Froze the templates of ${version} into ${target}.`);
