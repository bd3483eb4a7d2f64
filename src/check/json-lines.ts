/**
 * Line numbers for the parts of an event.json that `check` talks about.
 * JSON.parse keeps no positions, and a message that says "line 31" saves
 * the reader a search through a long `data` array.
 */

/** Where things are in an event.json text (1-based lines). */
export interface EventLines {
  /** Top-level keys. */
  keys: Map<string, number>;
  /** Elements of the top-level `data` array, in order, with their own keys. */
  items: { line: number; keys: Map<string, number> }[];
}

const SPACE = /\s/;
const SCALAR_END = /[,\]}\s]/;

/** Scans valid JSON text; on invalid text the positions are best-effort, never an exception. */
export function eventLines(text: string): EventLines {
  const out: EventLines = { keys: new Map(), items: [] };
  const stack: { kind: '{' | '['; key?: string }[] = [];
  let line = 1;
  let pendingKey: string | undefined;
  const inData = (depth: number): boolean =>
    stack.length === depth && stack[0]?.kind === '{' && stack[1]?.kind === '[' && stack[1].key === 'data';
  const valueStarts = (): void => {
    if (inData(2)) out.items.push({ line, keys: new Map() });
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charAt(i);
    if (c === '\n') line++;
    if (c === '\n' || SPACE.test(c) || c === ',' || c === ':') {
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      i++;
      continue;
    }
    const top = stack.at(-1);
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text.charAt(end) !== '"') end += text.charAt(end) === '\\' ? 2 : 1;
      const raw = text.slice(i, end + 1);
      i = end + 1;
      let next = i;
      while (SPACE.test(text.charAt(next))) next++;
      if (top?.kind === '{' && text.charAt(next) === ':') {
        pendingKey = decode(raw);
        const keys = stack.length === 1 ? out.keys : inData(3) && top === stack[2] ? out.items.at(-1)?.keys : undefined;
        if (keys && !keys.has(pendingKey)) keys.set(pendingKey, line);
      } else valueStarts();
      continue;
    }
    valueStarts();
    if (c === '{' || c === '[') {
      stack.push({ kind: c, ...(top?.kind === '{' && pendingKey !== undefined ? { key: pendingKey } : {}) });
      i++;
      continue;
    }
    while (i < text.length && !SCALAR_END.test(text.charAt(i))) i++;
  }
  return out;
}

function decode(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return raw.slice(1, -1);
  }
}
