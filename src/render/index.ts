/**
 * Templates + a project's context -> its files, in memory. The only user of
 * ejs; values reach the templates through the escapers of escape.ts.
 */
export { currentTemplates, renderProject, type TemplateSet, templatesOf } from './render.js';
