import { describe, expect, it } from 'vitest';
import { diffLines, mergeInsertions, mergeThreeWay, unifiedDiff } from '../../src/project/merge.js';

const generated = ['import a', '', 'class A:', '    pass', '', '__all__ = (', "    'A',", ')', ''].join('\n');
const regenerated = [
  'import a',
  '',
  'class A:',
  '    pass',
  '',
  'class B:',
  '    pass',
  '',
  '__all__ = (',
  "    'A',",
  "    'B',",
  ')',
  '',
].join('\n');

describe('mergeInsertions', () => {
  it('carries added lines into a copy the user edited, keeping every edit', () => {
    const edited = generated.replace('    pass', '    def work(self):\n        return 42');
    const merged = mergeInsertions(generated, regenerated, edited);
    expect(merged).toBe(
      [
        'import a',
        '',
        'class A:',
        '    def work(self):',
        '        return 42',
        '',
        'class B:',
        '    pass',
        '',
        '__all__ = (',
        "    'A',",
        "    'B',",
        ')',
        '',
      ].join('\n'),
    );
  });

  it('gives up when the change removes a line', () => {
    expect(mergeInsertions('a\nb\nc\n', 'a\nc\n', 'a\nb\nc\nd\n')).toBeUndefined();
  });

  it('gives up when the lines around an insertion are gone from the edited copy', () => {
    const edited = ['import a', '', 'class A:', '    pass', ''].join('\n');
    expect(mergeInsertions(generated, regenerated, edited)).toBeUndefined();
  });

  it('gives up when the place of an insertion is ambiguous', () => {
    expect(mergeInsertions('x\ny\n', 'x\nNEW\ny\n', 'x\ny\nx\ny\n')).toBeUndefined();
  });

  it('appends what the change appends at the end', () => {
    expect(mergeInsertions('a\nb\n', 'a\nb\nc\n', 'a\nmine\nb\n')).toBe('a\nmine\nb\nc\n');
  });
});

describe('unifiedDiff', () => {
  it('shows removed and added lines with context and hunk headers', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'x (yours)', 'x (generated)')).toBe(
      '--- x (yours)\n+++ x (generated)\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    );
  });

  it('finds the longest common lines', () => {
    expect(diffLines('a\nb\nc\n', 'a\nc\n').map((edit) => edit.kind)).toEqual(['same', 'remove', 'same']);
  });
});

describe('mergeThreeWay', () => {
  const labels = { ours: 'yours', theirs: 'create-pacifica-dispatcher 9.9.9' };
  const lines = (...items: string[]): string => `${items.join('\n')}\n`;

  it('takes both sides where they change different lines', () => {
    const base = lines('a', 'b', 'c', 'd', 'e', 'f', 'g');
    const ours = lines('a', 'B (mine)', 'c', 'd', 'e', 'f', 'g');
    const theirs = lines('a', 'b', 'c', 'd', 'e', 'F (new)', 'g', 'h (new)');
    expect(mergeThreeWay(base, ours, theirs, labels)).toEqual({
      text: lines('a', 'B (mine)', 'c', 'd', 'e', 'F (new)', 'g', 'h (new)'),
      conflicts: 0,
    });
  });

  it('keeps ours where theirs did not change, and theirs where ours did not', () => {
    const base = lines('x', 'y');
    expect(mergeThreeWay(base, lines('x', 'y', 'z'), base, labels).text).toBe(lines('x', 'y', 'z'));
    expect(mergeThreeWay(base, base, lines('w', 'x', 'y'), labels).text).toBe(lines('w', 'x', 'y'));
  });

  it('marks a conflict where both sides changed the same lines differently', () => {
    const base = lines('one', 'two', 'three');
    const merged = mergeThreeWay(base, lines('one', 'TWO mine', 'three'), lines('one', 'two new', 'three'), labels);
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toBe(
      lines(
        'one',
        '<<<<<<< yours',
        'TWO mine',
        '=======',
        'two new',
        '>>>>>>> create-pacifica-dispatcher 9.9.9',
        'three',
      ),
    );
  });

  it('takes the same change made on both sides once', () => {
    const base = lines('a', 'b');
    expect(mergeThreeWay(base, lines('a', 'c'), lines('a', 'c'), labels)).toEqual({
      text: lines('a', 'c'),
      conflicts: 0,
    });
  });

  it('counts changes that touch as a conflict, as git does', () => {
    const base = lines('a', 'b', 'c');
    const merged = mergeThreeWay(base, lines('a', 'B', 'c'), lines('a', 'b', 'C'), labels);
    expect(merged.conflicts).toBe(1);
  });

  it('without a base, marks every difference', () => {
    const merged = mergeThreeWay(undefined, lines('a', 'mine', 'c', 'd'), lines('a', 'new', 'c', 'd', 'e'), labels);
    expect(merged.conflicts).toBe(2);
    expect(merged.text).toBe(
      lines(
        'a',
        '<<<<<<< yours',
        'mine',
        '=======',
        'new',
        '>>>>>>> create-pacifica-dispatcher 9.9.9',
        'c',
        'd',
        '<<<<<<< yours',
        '=======',
        'e',
        '>>>>>>> create-pacifica-dispatcher 9.9.9',
      ),
    );
  });
});
