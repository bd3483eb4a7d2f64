import { describe, expect, it } from 'vitest';
import { normaliseSubdir, parseKeyValue, validateKeyValue, validateSubdir } from '../../src/project/index.js';

describe('key-value filters', () => {
  it('split a valid spec exactly as typed', () => {
    expect(parseKeyValue('proposal')).toEqual({ key: 'proposal' });
    expect(parseKeyValue(' kind = a=b')).toEqual({ key: ' kind ', value: ' a=b' });
    expect(validateKeyValue('kind=spectrum')).toBeUndefined();
  });

  it('say what is wrong with one no route can match', () => {
    expect(validateKeyValue('=x')).toBe(
      'Key-value filter "=x" has no key. Write key=value, or key alone to require only that the key exists.',
    );
    expect(validateKeyValue('kind=é')).toMatch(/^Key-value value "é" .*no route can match it\./);
  });
});

describe('subdirs', () => {
  it('are normalised without leading or trailing "/"', () => {
    expect(normaliseSubdir('/raw/images/')).toBe('raw/images');
    expect(normaliseSubdir('')).toBe('');
    expect(validateSubdir('/raw/images/')).toBeUndefined();
  });

  it('say what is wrong with one that is no plain relative path', () => {
    expect(validateSubdir('raw/../x')).toBe(
      'Subdir "raw/../x" must be a plain relative path such as "raw/images" (no "..", "." or empty parts).',
    );
    expect(validateSubdir('raw//x')).toMatch(/no "\.\.", "\." or empty parts/);
  });
});
