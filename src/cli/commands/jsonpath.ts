/**
 * `pacifica-dispatcher jsonpath <route-file-or-expression> [json-file|-] [--jsonl] [--contains]`:
 * match a route against a document exactly as jsonpath2 0.4.5 would, printing
 * one `{"path": …, "value": …}` line per match. Exit 0 with matches, 1 with
 * none, 2 for a bad path, a bad document or an evaluation error.
 */
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { isUserError, UserError } from '../../core/errors.js';
import { isMissing, readTextIfPresent, rethrowFsProblem } from '../../core/fs.js';
import type { Io } from '../../core/io.js';
import {
  asciiProblem,
  batchLineHandler,
  type JsonPath,
  JsonSyntaxError,
  type JsonValue,
  jsonWriter,
  matchPath,
  parseJson,
  parsePath,
} from '../../jsonpath/index.js';

/** Options of the `jsonpath` command. */
export interface JsonpathCommandOptions {
  /** A route file if a file by that name exists, otherwise an expression. Ignored with `jsonl`. */
  expression?: string;
  /** The JSON document file; `-` or absent reads stdin. */
  input?: string;
  /** Batch mode: `{"path", "doc"}` lines on stdin, one result line each on stdout. */
  jsonl?: boolean;
  /** Accept the HEAD `contains` operator. */
  contains?: boolean;
}

export const EXIT_MATCHED = 0;
export const EXIT_NO_MATCH = 1;
export const EXIT_ERROR = 2;

/** Runs the command; returns the exit code. */
export async function jsonpathCommand(opts: JsonpathCommandOptions, io: Io): Promise<number> {
  if (opts.jsonl) return runBatch(opts, io);
  const report = (message: string): number => {
    io.stderr.write(`${message}\n`);
    return EXIT_ERROR;
  };
  if (opts.expression === undefined || opts.expression === '')
    return report('jsonpath: give a route file or an expression.');

  let path: JsonPath;
  let doc: JsonValue;
  try {
    path = await loadPath(opts.expression, opts.contains === true);
    doc = await loadDocument(opts.input, io);
  } catch (error) {
    if (isUserError(error))
      return report(error.hint === undefined ? error.message : `${error.message}\n  ${error.hint}`);
    throw error;
  }

  let count = 0;
  // A match's value may be the whole document: it goes out in pieces, never as one string.
  const out = jsonWriter((text) => io.stdout.write(text), { python: true });
  try {
    for (const match of matchPath(path, doc)) {
      count++;
      out.value(
        new Map<string, JsonValue>([
          ['path', match.path],
          ['value', match.value],
        ]),
      );
      out.text('\n');
    }
  } catch (error) {
    // The matches found before the error are printed, as upstream's loop would have.
    out.flush();
    if (isUserError(error)) return report(error.message);
    throw error;
  }
  out.flush();
  return count > 0 ? EXIT_MATCHED : EXIT_NO_MATCH;
}

/** Bad input the user named (unreadable file, invalid JSON): said without a hint, exit 2. */
const inputError = (message: string): UserError => new UserError(message, undefined, EXIT_ERROR);

/**
 * A route file when a file is there, else an expression. An argument that
 * cannot be an expression (jsonpath2 paths start with `$`) is a file the
 * user meant, so its absence is said as such rather than as a syntax error.
 */
async function loadPath(expressionOrFile: string, contains: boolean): Promise<JsonPath> {
  const info = await stat(expressionOrFile).catch((error: unknown) => error as NodeJS.ErrnoException);
  const isExpression = expressionOrFile.trimStart().startsWith('$');
  if (info instanceof Error) {
    if (isExpression) return parsePath(expressionOrFile, { contains });
    if (isMissing(info)) {
      throw inputError(
        `jsonpath: route file "${expressionOrFile}" does not exist (and it is no expression: a jsonpath2 expression starts with "$").`,
      );
    }
    rethrowFsProblem(expressionOrFile, info, { what: 'Route file' });
  }
  if (info.isDirectory()) {
    if (isExpression) return parsePath(expressionOrFile, { contains });
    throw inputError(`jsonpath: route file "${expressionOrFile}" is a directory; give the route's .txt file.`);
  }
  const text = await readTextIfPresent(expressionOrFile, 'Route file');
  if (text === undefined) throw inputError(`jsonpath: route file "${expressionOrFile}" was removed while it was read.`);
  // Routes are read by Path.parse_file, which only accepts ASCII.
  const encoding = asciiProblem(expressionOrFile, text);
  if (encoding) throw inputError(encoding);
  return parsePath(text, { file: expressionOrFile, contains });
}

async function loadDocument(input: string | undefined, io: Io): Promise<JsonValue> {
  const fromStdin = input === undefined || input === '-';
  const name = fromStdin ? '<stdin>' : input;
  if (fromStdin && io.isTTY) throw inputError('jsonpath: no JSON document: pass a file, or pipe one in on stdin.');
  let text: string;
  try {
    const read = fromStdin ? await readStream(io.stdin) : await readTextIfPresent(input, 'JSON document');
    if (read === undefined) throw inputError(`${name}: the JSON document does not exist.`);
    text = read;
  } catch (error) {
    if (isUserError(error)) throw error;
    throw inputError(`${name}: cannot read: ${(error as Error).message}`);
  }
  try {
    return parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const what = error.pythonType === 'RecursionError' ? 'cannot be read' : 'not valid JSON';
      throw inputError(`${name}:${error.line}:${error.column}: ${what}: ${error.message}`);
    }
    throw error;
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function runBatch(opts: JsonpathCommandOptions, io: Io): Promise<number> {
  const handle = batchLineHandler({ contains: opts.contains === true });
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    io.stdout.write(`${handle(line)}\n`);
  }
  return EXIT_MATCHED;
}
