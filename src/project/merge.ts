/**
 * Line diffs for files the tool manages: a unified diff to show the user,
 * and an insertion-only three-way merge. When a new route or event only
 * ADDS lines to a generated file (a handler class, an add_route call, test
 * methods), those additions can be carried into a copy the user has edited
 * without touching a single line of theirs.
 *
 * jsdiff makes the diffs. Its applyPatch is not the merge: it puts a hunk
 * at the first place near the expected line where the context fits, where
 * this merge refuses unless the lines around an insertion occur exactly once
 * in the edited copy, and it needs the context on both sides of a hunk.
 */
import { createTwoFilesPatch, diffArrays, FILE_HEADERS_ONLY } from 'diff';

type Edit = { kind: 'same' | 'add' | 'remove'; line: string };

const toLines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** A shortest line diff (jsdiff's Myers diff), over lines without their ends so a missing last newline is no change. */
export function diffLines(before: string, after: string): Edit[] {
  return diffArrays(toLines(before), toLines(after)).flatMap((change) => {
    const kind = change.added ? 'add' : change.removed ? 'remove' : 'same';
    return change.value.map((line) => ({ kind, line }));
  });
}

/** A unified diff (3 lines of context) from `before` to `after`, with file labels. */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string): string {
  return createTwoFilesPatch(fromLabel, toLabel, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
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

/** A change one side made to the base: lines [start, end) of the base replaced by `lines`. */
interface Hunk {
  start: number;
  end: number;
  lines: string[];
}

/** The changes from `base` to `other`, as hunks in base order (jsdiff's Myers diff). */
function hunksOf(base: string[], other: string[]): Hunk[] {
  const hunks: Hunk[] = [];
  let at = 0;
  let open: Hunk | undefined;
  for (const change of diffArrays(base, other)) {
    if (!change.added && !change.removed) {
      if (open !== undefined) hunks.push(open);
      open = undefined;
      at += change.value.length;
      continue;
    }
    open ??= { start: at, end: at, lines: [] };
    if (change.removed) {
      at += change.value.length;
      open.end = at;
    } else open.lines.push(...change.value);
  }
  if (open !== undefined) hunks.push(open);
  return hunks;
}

/** Lines [start, end) of `base` with one side's hunks (all inside that range) applied. */
function applyHunks(base: string[], start: number, end: number, hunks: Hunk[]): string[] {
  const lines: string[] = [];
  let at = start;
  for (const hunk of hunks) {
    lines.push(...base.slice(at, hunk.start), ...hunk.lines);
    at = hunk.end;
  }
  lines.push(...base.slice(at, end));
  return lines;
}

const sameLines = (a: string[], b: string[]): boolean => a.length === b.length && a.every((line, k) => line === b[k]);

export interface ThreeWayMerge {
  text: string;
  /** How many places carry conflict markers. */
  conflicts: number;
}

/** What the conflict markers say whose lines are whose. */
export interface MergeLabels {
  ours: string;
  theirs: string;
}

function conflictBlock(ours: string[], theirs: string[], labels: MergeLabels): string[] {
  return [`<<<<<<< ${labels.ours}`, ...ours, '=======', ...theirs, `>>>>>>> ${labels.theirs}`];
}

/**
 * A three-way merge of lines, as `git merge-file` does: the changes from
 * `base` to `ours` and from `base` to `theirs` are both applied where they
 * touch different lines; where they overlap or touch (and differ), the
 * place gets standard conflict markers with both sides' lines. Without a
 * base, every difference between ours and theirs is such a conflict.
 */
export function mergeThreeWay(
  base: string | undefined,
  ours: string,
  theirs: string,
  labels: MergeLabels,
): ThreeWayMerge {
  const oursLines = toLines(ours);
  const theirsLines = toLines(theirs);
  const out: string[] = [];
  let conflicts = 0;
  if (base === undefined) {
    let at = 0;
    for (const hunk of hunksOf(oursLines, theirsLines)) {
      out.push(...oursLines.slice(at, hunk.start));
      out.push(...conflictBlock(oursLines.slice(hunk.start, hunk.end), hunk.lines, labels));
      conflicts += 1;
      at = hunk.end;
    }
    out.push(...oursLines.slice(at));
  } else {
    const baseLines = toLines(base);
    const sided = [
      ...hunksOf(baseLines, oursLines).map((hunk) => ({ ...hunk, ours: true })),
      ...hunksOf(baseLines, theirsLines).map((hunk) => ({ ...hunk, ours: false })),
    ].sort((a, b) => a.start - b.start || a.end - b.end);
    let at = 0;
    for (let k = 0; k < sided.length; ) {
      // A group: hunks whose base ranges overlap or touch, from either side.
      const group = [sided[k++]!];
      let start = group[0]!.start;
      let end = group[0]!.end;
      while (k < sided.length && sided[k]!.start <= end) {
        const next = sided[k++]!;
        group.push(next);
        start = Math.min(start, next.start);
        end = Math.max(end, next.end);
      }
      out.push(...baseLines.slice(at, start));
      const oursVersion = applyHunks(
        baseLines,
        start,
        end,
        group.filter((hunk) => hunk.ours),
      );
      const theirsVersion = applyHunks(
        baseLines,
        start,
        end,
        group.filter((hunk) => !hunk.ours),
      );
      if (group.every((hunk) => hunk.ours)) out.push(...oursVersion);
      else if (group.every((hunk) => !hunk.ours) || sameLines(oursVersion, theirsVersion)) out.push(...theirsVersion);
      else {
        out.push(...conflictBlock(oursVersion, theirsVersion, labels));
        conflicts += 1;
      }
      at = end;
    }
    out.push(...baseLines.slice(at));
  }
  const trailingNewline = theirs.endsWith('\n') || ours.endsWith('\n');
  return { text: `${out.join('\n')}${trailingNewline && out.length > 0 ? '\n' : ''}`, conflicts };
}
