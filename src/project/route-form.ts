import type { KeyValueFilter, RouteSpec } from '../core/types.js';
import { unmatchableReason } from '../jsonpath/index.js';
import { DEFAULT_EVENT_TYPE, LOOP_BREAKER_KEY, PROVENANCE_KEY, routeText } from './routes.js';

/**
 * Reading a route file made by hand back into the RouteSpec it says, for
 * `adopt`: the SOP's example writes its route in one form (key-values, a
 * Files clause, eventID, eventType, source) and this tool in the same form
 * with a loop-breaker clause (routes.ts routeText). A route in either form
 * gives its spec exactly; any other is read as closely as its clauses allow.
 */

/** How a route file relates to the forms routeText writes. */
export type RouteForm =
  /** The form routeText writes, with a loop-breaker (whitespace aside). */
  | 'generated'
  /** The SOP example's form: routeText's without the loop-breaker (whitespace aside). */
  | 'sop'
  /** Anything else: the spec is the closest one its clauses give, and the file is kept as written. */
  | 'other';

export interface ReadRoute {
  spec: RouteSpec;
  form: RouteForm;
  /** Values the spec had to leave out (no route could match them), for the report. */
  dropped: string[];
}

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
/** `not $["data"][*][?( ... )]` or without `not`: one data-item clause and its conditions. */
const ITEM_CLAUSE = /(not\s+)?\$\s*\[\s*"data"\s*\]\s*\[\s*\*\s*\]\s*\[\s*\?\s*\(([\s\S]*?)\)\s*\]/g;
const CONDITION = new RegExp(`@\\s*\\[\\s*"([^"\\\\]*)"\\s*\\](?:\\s*=\\s*${QUOTED})?`, 'g');
const topLevel = (key: string): RegExp => new RegExp(`\\$\\s*\\[\\s*"${key}"\\s*\\]\\s*=\\s*${QUOTED}`);

/** Whitespace is no difference between two routes: jsonpath2 ignores it outside quotes. */
const squash = (text: string): string => text.replace(/\s+/g, '');

interface Clauses {
  keyValues: KeyValueFilter[];
  files?: { mimetype?: string; subdir?: string };
  loopBreaker?: { key: string; value: string };
  eventType?: string;
  source?: string;
}

function clausesOf(text: string): Clauses {
  const found: Clauses = { keyValues: [] };
  for (const [, negated, body] of text.matchAll(ITEM_CLAUSE)) {
    const conditions = new Map<string, string | undefined>();
    for (const [, key, value] of (body ?? '').matchAll(CONDITION)) {
      if (key !== undefined && !conditions.has(key)) conditions.set(key, value);
    }
    const table = conditions.get('destinationTable');
    const key = conditions.get('key');
    if (table === 'TransactionKeyValue' && key !== undefined) {
      const value = conditions.get('value');
      if (negated !== undefined) {
        // The uploader rejects an empty metadata value, so an empty one is no loop-breaker of a generated route.
        if (value && key !== '' && found.loopBreaker === undefined) found.loopBreaker = { key, value };
      } else found.keyValues.push({ key, ...(value !== undefined ? { value } : {}) });
    } else if (table === 'Files' && negated === undefined && found.files === undefined) {
      const mimetype = conditions.get('mimetype');
      const subdir = conditions.get('subdir');
      found.files = { ...(mimetype !== undefined ? { mimetype } : {}), ...(subdir !== undefined ? { subdir } : {}) };
    }
  }
  const eventType = topLevel('eventType').exec(text)?.[1];
  const source = topLevel('source').exec(text)?.[1];
  return {
    ...found,
    ...(eventType !== undefined ? { eventType } : {}),
    ...(source !== undefined ? { source } : {}),
  };
}

/**
 * The RouteSpec a route file says. `loopBreakerValue` is the project's own
 * (its repository name), used when the file has no loop-breaker.
 */
export function readRouteText(
  text: string,
  route: { name: string; handlerClass: string },
  loopBreakerValue: string,
): ReadRoute {
  const clauses = clausesOf(text);
  const dropped: string[] = [];
  const usable = (value: string | undefined): value is string => {
    if (value === undefined) return false;
    if (unmatchableReason(value) === undefined) return true;
    dropped.push(value);
    return false;
  };
  const keyValues = clauses.keyValues.filter((kv) => usable(kv.key) && (kv.value === undefined || usable(kv.value)));
  const loopBreaker =
    clauses.loopBreaker && usable(clauses.loopBreaker.key) && usable(clauses.loopBreaker.value)
      ? clauses.loopBreaker
      : { key: LOOP_BREAKER_KEY, value: loopBreakerValue };
  const eventType = usable(clauses.eventType) ? clauses.eventType : DEFAULT_EVENT_TYPE;
  const spec: RouteSpec = {
    name: route.name,
    handlerClass: route.handlerClass,
    keyValues,
    ...(usable(clauses.files?.mimetype) ? { mimetype: clauses.files.mimetype } : {}),
    ...(usable(clauses.files?.subdir) ? { subdir: clauses.files.subdir } : {}),
    eventType,
    ...(usable(clauses.source) ? { source: clauses.source } : {}),
    loopBreaker,
    provenanceKey: PROVENANCE_KEY,
  };
  const form: RouteForm =
    dropped.length > 0
      ? 'other'
      : clauses.loopBreaker !== undefined && squash(text) === squash(routeText(spec))
        ? 'generated'
        : clauses.loopBreaker === undefined && squash(text) === squash(routeText(spec, { loopBreaker: false }))
          ? 'sop'
          : 'other';
  return { spec, form, dropped };
}
