/**
 * The structure of one event.json, as the SOP describes it and the
 * upstream stack needs it: cloudevents-python refuses an envelope without
 * its required attributes, and Pacifica ingest refuses a Files item
 * without its fields. The Files items that are sound enough to compare
 * with the data on disk are handed on to the fixture check.
 */
import { JsonSyntaxError, parseJson } from '../jsonpath/index.js';
import { type EventLines, eventLines } from './json-lines.js';
import { type Problem, problem } from './problems.js';

/** A Files item whose name and subdir are safe to join under data/. */
export interface ListedFile {
  /** POSIX path under the event's data/ directory. */
  path: string;
  name: string;
  size?: number;
  hashsum?: string;
  hashtype?: string;
  mimetype?: string;
  /** Line of the item in event.json. */
  line?: number;
}

export interface EventStructure {
  problems: Problem[];
  /** The parsed event, when it is a JSON object. */
  doc?: Record<string, unknown>;
  files: ListedFile[];
}

const REQUIRED_ENVELOPE = ['cloudEventsVersion', 'eventID', 'eventType', 'source'] as const;
const OPTIONAL_STRINGS = ['contentType', 'eventTime'] as const;

type FieldType = 'integer' | 'size' | 'string' | 'name' | 'subdir';
/** The fields Pacifica ingest requires of every Files item. */
const FILE_FIELDS: Record<string, FieldType> = {
  _id: 'integer',
  name: 'name',
  subdir: 'subdir',
  size: 'size',
  hashsum: 'string',
  hashtype: 'string',
  mimetype: 'string',
  ctime: 'string',
  mtime: 'string',
};

const describe = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a Files field value is wrong, or undefined when it is right. */
function fieldProblem(type: FieldType, value: unknown): string | undefined {
  switch (type) {
    case 'integer':
      return Number.isInteger(value) ? undefined : 'an integer';
    case 'size':
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : 'a non-negative integer';
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'name':
      return typeof value === 'string' && value !== '' && value !== '.' && value !== '..' && !/[/\\]/.test(value)
        ? undefined
        : 'a file name without "/" (directories go in "subdir")';
    case 'subdir':
      // It is joined under data/: an absolute path or ".." would leave the fixture.
      return typeof value === 'string' && !/^[/\\]|^[A-Za-z]:|\\/.test(value) && !value.split('/').includes('..')
        ? undefined
        : 'a relative POSIX path inside data/ ("" at top level)';
  }
}

/** Checks one event.json text; `eventId` is its directory name, `file` its display path. */
export function checkEventStructure(eventId: string, file: string, text: string): EventStructure {
  const problems: Problem[] = [];
  const report = (message: string, line?: number, severity: 'error' | 'warning' = 'error'): void => {
    problems.push(problem(severity, 'event', file, message, line !== undefined ? { line } : {}));
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Our reader words errors as Python's json module does, with a position.
    try {
      parseJson(text);
    } catch (pyError) {
      if (!(pyError instanceof JsonSyntaxError)) throw pyError;
      problems.push(
        problem('error', 'event', file, `not valid JSON: ${pyError.reason}`, {
          line: pyError.line,
          column: pyError.column,
        }),
      );
      return { problems, files: [] };
    }
    report(`not valid JSON: ${(error as Error).message}`);
    return { problems, files: [] };
  }
  if (!isRecord(parsed)) {
    report(
      `must be a JSON object (a CloudEvents notification), found ${Array.isArray(parsed) ? 'an array' : describe(parsed)}`,
    );
    return { problems, files: [] };
  }
  const lines = eventLines(text);
  for (const key of REQUIRED_ENVELOPE) {
    const value = parsed[key];
    if (value === undefined) report(`"${key}" is missing; cloudevents-python requires it`);
    else if (typeof value !== 'string' || value === '')
      report(`"${key}" must be a non-empty string, found ${describe(value)}`, lines.keys.get(key));
  }
  for (const key of OPTIONAL_STRINGS) {
    const value = parsed[key];
    if (value !== undefined && typeof value !== 'string')
      report(`"${key}" must be a string, found ${describe(value)}`, lines.keys.get(key));
  }
  if (typeof parsed.eventID === 'string' && parsed.eventID !== '' && parsed.eventID !== eventId) {
    report(
      `eventID "${parsed.eventID}" differs from its directory name "${eventId}"; the SOP names each event's directory after its eventID`,
      lines.keys.get('eventID'),
    );
  }
  if (parsed.data === undefined) {
    report('"data" is missing; it is the array of transaction, key-value and file items');
    return { problems, doc: parsed, files: [] };
  }
  if (!Array.isArray(parsed.data)) {
    report(`"data" must be an array of items, found ${describe(parsed.data)}`, lines.keys.get('data'));
    return { problems, doc: parsed, files: [] };
  }
  const files = checkData(parsed.data, lines, report);
  return { problems, doc: parsed, files };
}

function checkData(
  data: unknown[],
  lines: EventLines,
  report: (message: string, line?: number, severity?: 'error' | 'warning') => void,
): ListedFile[] {
  const files: ListedFile[] = [];
  const transactionLines: (number | undefined)[] = [];
  const seenPaths = new Map<string, number>();
  const seenIds = new Map<unknown, number>();
  data.forEach((item, index) => {
    const at = lines.items[index];
    const label = `data item ${index + 1}`;
    if (!isRecord(item)) {
      report(`${label} must be an object, found ${describe(item)}`, at?.line);
      return;
    }
    if (item.destinationTable === 'Transactions._id') transactionLines.push(at?.line);
    if (item.destinationTable === 'TransactionKeyValue' && (typeof item.key !== 'string' || item.value === undefined)) {
      report(`${label} (TransactionKeyValue) needs a string "key" and a "value"`, at?.line);
    }
    if (item.destinationTable !== 'Files') return;
    const shown = typeof item.name === 'string' ? `Files item "${item.name}" (${label})` : `Files item (${label})`;
    let usable = true;
    for (const [field, type] of Object.entries(FILE_FIELDS)) {
      const wrong = item[field] === undefined ? 'missing' : fieldProblem(type, item[field]);
      if (wrong === undefined) continue;
      if (field === 'name' || field === 'subdir') usable = false;
      report(
        wrong === 'missing'
          ? `${shown} lacks "${field}", which Pacifica ingest requires`
          : `${shown}: "${field}" must be ${wrong}, found ${describe(item[field])}`,
        at?.keys.get(field) ?? at?.line,
      );
    }
    if (typeof item.hashtype === 'string' && item.hashtype.toLowerCase() !== 'sha1') {
      report(
        `${shown}: hashtype "${item.hashtype}" is not sha1, the hash Pacifica uses`,
        at?.keys.get('hashtype') ?? at?.line,
        'warning',
      );
    }
    if (item._id !== undefined) {
      const first = seenIds.get(item._id);
      if (first !== undefined)
        report(
          `${shown}: _id ${describe(item._id)} is also the _id of data item ${first}`,
          at?.keys.get('_id') ?? at?.line,
        );
      else seenIds.set(item._id, index + 1);
    }
    if (!usable) return;
    const name = item.name as string;
    const subdir = (item.subdir as string).replace(/\/+$/, '');
    const path = subdir === '' ? name : `${subdir}/${name}`;
    if (seenPaths.has(path)) {
      report(`${shown} describes data/${path}, as data item ${seenPaths.get(path)} does`, at?.line);
      return;
    }
    seenPaths.set(path, index + 1);
    files.push({
      path,
      name,
      ...(Number.isInteger(item.size) ? { size: item.size as number } : {}),
      ...(typeof item.hashsum === 'string' ? { hashsum: item.hashsum } : {}),
      ...(typeof item.hashtype === 'string' ? { hashtype: item.hashtype } : {}),
      ...(typeof item.mimetype === 'string' ? { mimetype: item.mimetype } : {}),
      ...(at ? { line: at.line } : {}),
    });
  });
  if (transactionLines.length === 0)
    report('data has no Transactions._id item; a transaction event has exactly one', lines.keys.get('data'));
  if (transactionLines.length > 1)
    report(
      `data has ${transactionLines.length} Transactions._id items; a transaction event has exactly one`,
      transactionLines[1],
    );
  return files;
}
