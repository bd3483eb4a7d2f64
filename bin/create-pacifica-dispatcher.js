#!/usr/bin/env node
// CommonJS (bin/package.json), as dist/ is: Node then starts without its ES module loader.
require('../dist/main.cjs').main('create-pacifica-dispatcher');
