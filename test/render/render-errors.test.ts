import { describe, expect, it } from 'vitest';
import { compileTemplate, compileTemplateSource } from '../../src/render/render.js';

describe('template errors', () => {
  it('reports an error raised while rendering with its real cause, not the <%= guard', () => {
    const render = compileTemplate('broken.py.ejs', 'a = 1\n<%- names.nope.deeper %>\n', '/templates/broken.py.ejs');
    let message = '';
    try {
      render({ names: {} });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("Cannot read properties of undefined (reading 'deeper')");
    expect(message).toContain('broken.py.ejs:2');
    expect(message).not.toContain('never <%=');
  });

  it('refuses a template that uses <%=, naming its line', () => {
    expect(() => compileTemplate('bad.md.ejs', 'title\n\n<%= name %>\n', '/templates/bad.md.ejs')).toThrow(
      'bad.md.ejs:3: use <%- with an escaping helper, never <%=',
    );
  });

  it('names the template and line in the bundle too, where a compiled template does not carry its text twice', () => {
    const text = 'a = 1\n# a line only this template has\n<%- names.nope.deeper %>\n';
    const source = compileTemplateSource('tests/broken.py.ejs', text);
    // Once, in the code that writes it; ejs alone would quote it again for error messages.
    expect(source.split('a line only this template has').length - 1).toBe(1);
    const compiled = (templateText: string) =>
      new Function(`return ${compileTemplateSource('t.ejs', templateText)}`)() as (
        locals: Record<string, unknown>,
      ) => string;
    expect(() => (new Function(`return ${source}`)() as (locals: object) => string)({ names: {} })).toThrow(
      "tests/broken.py.ejs:3: Cannot read properties of undefined (reading 'deeper')",
    );
    expect(compiled('x = <%- names.x %>\n')({ names: { x: 7 } })).toBe('x = 7\n');
  });
});
