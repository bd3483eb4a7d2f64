import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/render/render.js';

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
});
