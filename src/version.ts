import { readFileSync } from 'node:fs';

/** This tool's version, read from its package.json (from src/ or dist/ alike). */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
