import type { KeyValueFilter, Names, RouteAnswers, RouteSpec } from '../core/types.js';

/** What Pacifica Metadata sends as eventType (and the SOP requires). */
export const DEFAULT_EVENT_TYPE = 'org.pacifica.metadata.ingest';
export { METADATA_DEFAULT_SOURCE, SOP_SOURCE } from '../core/sources.js';
export const DEFAULT_MIMETYPE = 'text/plain';
/** Key of the loop-breaker key-value a dispatcher puts on its own uploads. */
export const LOOP_BREAKER_KEY = 'processed-by';
export const PROVENANCE_KEY = 'derived-from-transaction';

/** The SOP example's key-value, for the project's own names. */
export function defaultKeyValue(names: Names): KeyValueFilter {
  return { key: `${names.kebab}-key`, value: `${names.kebab}-value` };
}

/** The route a project's answers describe, with its handler and loop-breaker. */
export function routeSpec(names: Names, routeName: string, handlerClass: string, answers: RouteAnswers): RouteSpec {
  return {
    name: routeName,
    handlerClass,
    keyValues: answers.keyValues,
    ...(answers.mimetype !== undefined ? { mimetype: answers.mimetype } : {}),
    ...(answers.subdir !== undefined ? { subdir: answers.subdir } : {}),
    eventType: answers.eventType,
    ...(answers.source !== undefined ? { source: answers.source } : {}),
    loopBreaker: { key: LOOP_BREAKER_KEY, value: names.repository },
    provenanceKey: PROVENANCE_KEY,
  };
}

const q = (value: string): string => `"${value}"`;

/** `$["data"][*][?( ... )]`: some data item satisfies every condition. */
function itemClause(conditions: string[], negate = false): string[] {
  return [
    `${negate ? 'not ' : ''}$["data"][*][?(`,
    ...conditions.flatMap((condition, index) => (index === 0 ? [`  ${condition}`] : ['    and', `  ${condition}`])),
    ')]',
  ];
}

function keyValueConditions(key: string, value: string | undefined): string[] {
  return [
    '@["destinationTable"] = "TransactionKeyValue"',
    `@["key"] = ${q(key)}`,
    value === undefined ? '@["value"]' : `@["value"] = ${q(value)}`,
  ];
}

/**
 * The route's JSONPath in the SOP's style: a root filter `$[?( ... )]` with
 * one clause per line, 2-space indents and `and` on its own line, so it
 * matches the root of a matching event exactly once. Values must already
 * have passed `unmatchableReason`. Without `loopBreaker` it is the route
 * as the SOP's example writes it (`adopt` recognises that form).
 */
export function routeText(route: RouteSpec, { loopBreaker = true }: { loopBreaker?: boolean } = {}): string {
  const clauses: string[][] = route.keyValues.map((kv) => itemClause(keyValueConditions(kv.key, kv.value)));
  if (route.mimetype !== undefined || route.subdir !== undefined) {
    clauses.push(
      itemClause([
        '@["destinationTable"] = "Files"',
        ...(route.mimetype !== undefined ? [`@["mimetype"] = ${q(route.mimetype)}`] : []),
        ...(route.subdir !== undefined ? [`@["subdir"] = ${q(route.subdir)}`] : []),
      ]),
    );
  }
  // The loop-breaker: the dispatcher's own uploads never trigger it again. The SOP's example has none.
  if (loopBreaker) clauses.push(itemClause(keyValueConditions(route.loopBreaker.key, route.loopBreaker.value), true));
  clauses.push(['$["eventID"]']);
  clauses.push([`$["eventType"] = ${q(route.eventType)}`]);
  if (route.source !== undefined) clauses.push([`$["source"] = ${q(route.source)}`]);

  const body = clauses.flatMap((lines, index) => [
    ...(index === 0 ? [] : ['    and']),
    ...lines.map((line) => `  ${line}`),
  ]);
  return ['$[?(', ...body, ')]', ''].join('\n');
}
