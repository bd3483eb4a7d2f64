/**
 * Line diffs for files the tool manages: a unified diff to show the user,
 * and an insertion-only three-way merge. When a new route or event only
 * ADDS lines to a generated file (a handler class, an add_route call, test
 * methods), those additions can be carried into a copy the user has edited
 * without touching a single line of theirs.
 */

type Edit = { kind: 'same' | 'add' | 'remove'; line: string };

const toLines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** Longest-common-subsequence line diff; managed files are small, so O(n·m) is fine. */
export function diffLines(before: string, after: string): Edit[] {
  const a = toLines(before);
  const b = toLines(after);
  const table: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      edits.push({ kind: 'same', line: a[i]! });
      i += 1;
      j += 1;
    } else if (i < a.length && (j === b.length || table[i + 1]![j]! >= table[i]![j + 1]!)) {
      edits.push({ kind: 'remove', line: a[i]! });
      i += 1;
    } else {
      edits.push({ kind: 'add', line: b[j]! });
      j += 1;
    }
  }
  return edits;
}

/** A unified diff (3 lines of context) from `before` to `after`, with file labels. */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string): string {
  const edits = diffLines(before, after);
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  const changed = edits.map((edit, index) => (edit.kind === 'same' ? -1 : index)).filter((index) => index >= 0);
  let cursor = 0;
  while (cursor < changed.length) {
    const start = Math.max(0, changed[cursor]! - 3);
    let end = changed[cursor]! + 4;
    while (cursor + 1 < changed.length && changed[cursor + 1]! <= end + 3) {
      cursor += 1;
      end = changed[cursor]! + 4;
    }
    end = Math.min(edits.length, end);
    const slice = edits.slice(start, end);
    const oldStart = edits.slice(0, start).filter((e) => e.kind !== 'add').length + 1;
    const newStart = edits.slice(0, start).filter((e) => e.kind !== 'remove').length + 1;
    const oldCount = slice.filter((e) => e.kind !== 'add').length;
    const newCount = slice.filter((e) => e.kind !== 'remove').length;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const edit of slice) out.push(`${edit.kind === 'same' ? ' ' : edit.kind === 'add' ? '+' : '-'}${edit.line}`);
    cursor += 1;
  }
  return `${out.join('\n')}\n`;
}

/** Index of the only occurrence of `window` in `lines` as consecutive lines, else -1. */
function findOnce(lines: string[], window: string[]): number {
  if (window.length === 0) return -1;
  let found = -1;
  for (let i = 0; i + window.length <= lines.length; i += 1) {
    if (window.every((line, k) => lines[i + k] === line)) {
      if (found >= 0) return -1;
      found = i;
    }
  }
  return found;
}

const CONTEXT = 3;

/**
 * Carries the lines that `generatedAfter` adds to `generatedBefore` into
 * `edited` (the user's copy of `generatedBefore`). Returns undefined when
 * that cannot be done safely: the change removes lines, or an insertion's
 * surrounding lines are not found exactly once in the edited copy.
 */
export function mergeInsertions(generatedBefore: string, generatedAfter: string, edited: string): string | undefined {
  const edits = diffLines(generatedBefore, generatedAfter);
  if (edits.some((edit) => edit.kind === 'remove')) return undefined;
  const before = toLines(generatedBefore);
  const result = toLines(edited);
  const hunks: { at: number; lines: string[] }[] = [];
  let oldIndex = 0;
  for (let k = 0; k < edits.length; k += 1) {
    if (edits[k]!.kind === 'same') {
      oldIndex += 1;
      continue;
    }
    const lines: string[] = [];
    while (k < edits.length && edits[k]!.kind === 'add') lines.push(edits[k++]!.line);
    k -= 1;
    hunks.push({ at: oldIndex, lines });
  }
  // Place every hunk in the edited copy as the user left it, then insert
  // from the bottom up, so no insertion moves another's place.
  const placed: { position: number; order: number; lines: string[] }[] = [];
  for (const [order, hunk] of hunks.entries()) {
    const position = locate(before, hunk.at, result);
    if (position === undefined) return undefined;
    placed.push({ position, order, lines: hunk.lines });
  }
  placed.sort((x, y) => y.position - x.position || y.order - x.order);
  for (const { position, lines } of placed) result.splice(position, 0, ...lines);
  const trailingNewline = generatedAfter.endsWith('\n') || edited.endsWith('\n');
  return `${result.join('\n')}${trailingNewline && result.length > 0 ? '\n' : ''}`;
}

/** Where, in `edited`, the gap before line `at` of `before` is. */
function locate(before: string[], at: number, edited: string[]): number | undefined {
  if (at === before.length) return edited.length;
  const preceding = before.slice(Math.max(0, at - CONTEXT), at);
  const afterStart = findOnce(edited, preceding);
  if (afterStart >= 0 && preceding.length === Math.min(CONTEXT, at) && preceding.some((line) => line.trim() !== '')) {
    return afterStart + preceding.length;
  }
  const following = before.slice(at, at + CONTEXT);
  const beforeStart = findOnce(edited, following);
  if (beforeStart >= 0 && following.some((line) => line.trim() !== '')) return beforeStart;
  return undefined;
}
