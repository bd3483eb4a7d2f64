import { describe, expect, it } from 'vitest';
import { diffLines, mergeInsertions, unifiedDiff } from '../../src/project/merge.js';

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
