import { describe, expect, it } from 'vitest';
import { floatRepr, isFloat, JsonSyntaxError, parseJson, pyDumps, toJson, toPlain } from '../../src/jsonpath/index.js';

describe('the JSON reader', () => {
  it('keeps document key order, including integer-like keys', () => {
    const doc = parseJson('{"b": 1, "10": 2, "1": 3}');
    expect(doc instanceof Map && [...doc.keys()]).toEqual(['b', '10', '1']);
  });

  it('keeps ints and floats apart and big ints exact', () => {
    expect(toJson(parseJson('[1, 1.0, -0, -0.0, 1e2, 12345678901234567890, 9007199254740993]'))).toBe(
      '[1,1.0,0,-0.0,100.0,12345678901234567890,9007199254740993]',
    );
    expect(isFloat(parseJson('1.0'))).toBe(true);
  });

  it('lets the last duplicate key win at the first position, like a Python dict', () => {
    expect(toJson(parseJson('{"a": 1, "b": 2, "a": 3}'))).toBe('{"a":3,"b":2}');
  });

  it('accepts NaN and Infinity as Python does', () => {
    expect(toJson(parseJson('[NaN, Infinity, -Infinity]'))).toBe('[NaN,Infinity,-Infinity]');
  });

  it('decodes escapes and keeps lone surrogates', () => {
    expect(parseJson('"a\\"b\\u00e9\\ud83d\\ude00\\ud800"')).toBe('a"bé😀\ud800');
  });

  it('reports errors with Python wording and positions', () => {
    const message = (text: string): string => {
      try {
        parseJson(text);
      } catch (error) {
        if (error instanceof JsonSyntaxError) return error.message;
      }
      return 'parsed';
    };
    expect(message('')).toBe('Expecting value: line 1 column 1 (char 0)');
    expect(message('{"a" 1}')).toBe("Expecting ':' delimiter: line 1 column 6 (char 5)");
    expect(message('[1 2]')).toBe("Expecting ',' delimiter: line 1 column 4 (char 3)");
    expect(message('{"a": 1}\n x')).toBe('Extra data: line 2 column 2 (char 10)');
    expect(message('"abc')).toBe('Unterminated string starting at: line 1 column 1 (char 0)');
    expect(message('"a\tb"')).toBe('Invalid control character at: line 1 column 3 (char 2)');
    expect(message('"\\x"')).toBe('Invalid \\escape: line 1 column 2 (char 1)');
  });

  it('converts to plain JS data without reordering keys', () => {
    expect(JSON.stringify(toPlain(parseJson('{"b": [1.5], "__proto__": 1}')))).toBe('{"b":[1.5],"__proto__":1}');
  });
});

describe('Python-style printing', () => {
  it('prints floats as Python repr does', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [100, '100.0'],
      [1.5, '1.5'],
      [-0, '-0.0'],
      [1e-7, '1e-07'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [1.2345678901234568e17, '1.2345678901234568e+17'],
      [0.1 + 0.2, '0.30000000000000004'],
      [Infinity, 'Infinity'],
      [NaN, 'NaN'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
    ];
    for (const [value, text] of cases) expect(floatRepr(value)).toBe(text);
  });

  it('escapes strings like json.dumps: ASCII by default, raw with ensure_ascii=False', () => {
    expect(pyDumps('é😀\u007f/"\\\n\u0001')).toBe('"\\u00e9\\ud83d\\ude00\\u007f/\\"\\\\\\n\\u0001"');
    expect(toJson('é😀\u007f', { python: true })).toBe('"é😀\u007f"');
  });

  it('uses Python separators in python mode and compact ones otherwise', () => {
    const value = parseJson('{"a": [1, {"b": null}]}');
    expect(pyDumps(value)).toBe('{"a": [1, {"b": null}]}');
    expect(toJson(value)).toBe('{"a":[1,{"b":null}]}');
  });
});
