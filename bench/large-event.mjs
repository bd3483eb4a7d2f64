/**
 * The large event the jsonpath benchmarks match, as Pacifica Metadata sends
 * one: `files` Files items, worst case on purpose (the TransactionKeyValue
 * item and the only text/plain file in the root subdir come last, so both
 * sub-filters of the route scan every item), and the route the generator
 * writes for the SOP's Example project, which takes it exactly once.
 */
import {
  DEFAULT_EVENT_TYPE,
  defaultKeyValue,
  deriveNames,
  routeSpec,
  routeText,
  SOP_SOURCE,
} from '../dist/project/index.js';

const names = deriveNames('Example');
export const ROUTE = routeText(
  routeSpec(names, names.snake, names.handlerClass, {
    keyValues: [defaultKeyValue(names)],
    mimetype: 'text/plain',
    subdir: '',
    eventType: DEFAULT_EVENT_TYPE,
    source: SOP_SOURCE,
  }),
);

export function buildEvent(files) {
  const file = (id, mimetype, subdir) => ({
    _id: id,
    ctime: 'Thu Aug 30 15:19:40 PST 2018',
    destinationTable: 'Files',
    hashsum: '4b5e3e59af149a058366bed86b05500c0acd34e0',
    hashtype: 'sha1',
    mimetype,
    mtime: 'Thu Aug 30 15:19:40 PST 2018',
    name: `file-${id}.dat`,
    size: 614 + id,
    subdir,
  });
  const data = [
    { destinationTable: 'Transactions._id', value: -1 },
    { destinationTable: 'Transactions.submitter', value: -1 },
    { destinationTable: 'Transactions.project', value: -1 },
    { destinationTable: 'Transactions.instrument', value: -1 },
  ];
  for (let id = 1; id < files; id++)
    data.push(file(id, id % 2 ? 'application/octet-stream' : 'text/plain', id % 2 ? '' : 'raw'));
  data.push(file(files, 'text/plain', ''));
  data.push({ destinationTable: 'TransactionKeyValue', key: 'example-key', value: 'example-value' });
  return JSON.stringify({
    cloudEventsVersion: '0.1',
    contentType: 'application/json',
    data,
    eventID: 'C234-1234-1234',
    eventTime: '2018-08-30T15:20:00Z',
    eventType: 'org.pacifica.metadata.ingest',
    source: '/pacifica/metadata/ingest',
  });
}
