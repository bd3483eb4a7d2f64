/**
 * The `source` values of Pacifica Metadata events. They live in core, not
 * project/, because the command-line help names them: the CLI's entry point
 * imports them, and anything it imports from project/ would load the whole
 * of project/ (and its dependencies) even for `--version`.
 */

/**
 * The source the SOP's route requires. A default Metadata deployment sends
 * `http://metadata.pacifica.org/transactions?_id=N` instead, so a route that
 * checks this value matches only deployments configured to send it.
 */
export const SOP_SOURCE = '/pacifica/metadata/ingest';
export const METADATA_DEFAULT_SOURCE = 'http://metadata.pacifica.org/transactions?_id=N';
