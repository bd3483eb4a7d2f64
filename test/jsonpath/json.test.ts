import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { floatRepr, isFloat, JsonSyntaxError, parseJson, pyDumps, toJson, toPlain } from '../../src/jsonpath/index.js';
import { MAX_JSON_NESTING, parseJsonExactly } from '../../src/jsonpath/json.js';

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

/*
 * parseJson reads most documents with JSON.parse and hands the others to the
 * exact reader. Each case below would read differently through JSON.parse:
 * the result must be the exact reader's, which is Python's.
 */
describe('the JSON reader, where JSON.parse would differ from Python', () => {
  const sameAsExact = (text: string): void => {
    expect(toJson(parseJson(text))).toBe(toJson(parseJsonExactly(text)));
  };

  it('keeps integral floats floats, wherever they are in the document', () => {
    expect(toJson(parseJson('{"a": {"b": [1, 2, 3.0]}}'))).toBe('{"a":{"b":[1,2,3.0]}}');
    expect(toJson(parseJson('[1E2, 5e-0, -0.0, 7]'))).toBe('[100.0,5.0,-0.0,7]');
  });

  it('finds a float after a string that ends in an escaped quote or an escaped backslash', () => {
    // Two of each, so that a scan miscounting them would still end outside a string, with 1.0 seemingly inside one.
    expect(toJson(parseJson('{"a": "x\\"", "b": 1.0, "c": "y\\""}'))).toBe('{"a":"x\\"","b":1.0,"c":"y\\""}');
    expect(toJson(parseJson('{"a": "x\\\\", "b": 1.0, "c": "y\\\\"}'))).toBe('{"a":"x\\\\","b":1.0,"c":"y\\\\"}');
  });

  it('keeps ints ints when strings hold number-like text', () => {
    const doc = parseJson('{"version": "1.0", "e": "5e3", "size": 614, "n": -0}');
    expect(toJson(doc)).toBe('{"version":"1.0","e":"5e3","size":614,"n":0}');
    // Text that looks like a number after a comma or a colon, inside strings.
    expect(toJson(parseJson('{"a": "x,1.5", "b": "t:2e3", "c": "[1234567890123456", "n": 7}'))).toBe(
      '{"a":"x,1.5","b":"t:2e3","c":"[1234567890123456","n":7}',
    );
  });

  it('finds floats and long ints wherever a number can start, after any whitespace', () => {
    expect(toJson(parseJson(' \n1.0'))).toBe('1.0');
    expect(toJson(parseJson('[\n  2.0,\r\n\t-3e1, 4E+0]'))).toBe('[2.0,-30.0,4.0]');
    expect(toJson(parseJson('{"a":\t5.5}'))).toBe('{"a":5.5}');
    expect(toJson(parseJson('[1,\n 12345678901234567]'))).toBe('[1,12345678901234567]');
    // Pretty-printed, as fixture events are written.
    const pretty = JSON.stringify({ data: [{ size: 1, ratio: 0 }] }, null, 2).replace('"ratio": 0', '"ratio": 0.0');
    expect(toJson(parseJson(pretty))).toBe('{"data":[{"size":1,"ratio":0.0}]}');
  });

  it('keeps ints past 2^53 exact, and 16-digit ints as ints', () => {
    expect(toJson(parseJson('[9007199254740993, -9007199254740993, 1234567890123456]'))).toBe(
      '[9007199254740993,-9007199254740993,1234567890123456]',
    );
  });

  it('keeps integer-like keys in document order, in nested objects too', () => {
    const doc = parseJson('{"x": {"b": 1, "2": 2, "0": 3}}');
    const inner = doc instanceof Map ? doc.get('x') : undefined;
    expect(inner instanceof Map && [...inner.keys()]).toEqual(['b', '2', '0']);
    expect(toJson(parseJson('{\n  "b": 1,\n  "10": 2\n}'))).toBe('{"b":1,"10":2}');
    expect(toJson(parseJson('[{"b": 1}, {\t"1": 2, "a": 3}]'))).toBe('[{"b":1},{"1":2,"a":3}]');
  });

  it('keeps an object with a "float" key an object', () => {
    expect(toJson(parseJson('{"float": 1}'))).toBe('{"float":1}');
    expect(isFloat(parseJson('{"float": 1}'))).toBe(false);
  });

  it('keeps __proto__ as an ordinary key, the last of duplicates winning', () => {
    expect(toJson(parseJson('{"__proto__": {"a": 1}, "b": 2, "__proto__": 3}'))).toBe('{"__proto__":3,"b":2}');
  });

  it(`reads ${MAX_JSON_NESTING} levels of nesting and refuses one more, as the exact reader does`, () => {
    const nested = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    sameAsExact(nested(MAX_JSON_NESTING));
    expect(() => parseJson(nested(MAX_JSON_NESTING + 1))).toThrow(/nest deeper than/);
    const objects = (levels: number): string => `${'{"a": '.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    sameAsExact(objects(MAX_JSON_NESTING));
    expect(() => parseJson(objects(MAX_JSON_NESTING + 1))).toThrow(/nest deeper than/);
  });

  it('reads every conformance document as the exact reader does', () => {
    const file = fileURLToPath(new URL('./conformance.json', import.meta.url));
    const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: { doc: string }[] }).cases;
    for (const { doc } of cases) {
      let exact: string;
      try {
        exact = toJson(parseJsonExactly(doc));
      } catch (error) {
        expect(() => parseJson(doc)).toThrow((error as Error).message);
        continue;
      }
      expect(toJson(parseJson(doc))).toBe(exact);
    }
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
