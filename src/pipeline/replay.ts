import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { CiAnswers } from '../core/types.js';
import { CI_PROVIDERS, type ProjectState, parseState, STATE_FILE, StateFileError } from '../project/index.js';
import type { PartialAnswers } from './answers.js';

/**
 * `--answers path/to/.pacifica-dispatcher.json`: a project's state file holds
 * every answer `new` was given, so it replays the project. Its fixtures are
 * the project's own event data (tests/test_files/{eventID}/data), copied as
 * directory trees, which gives the same data files and the same event.json
 * apart from the timestamps of the day.
 */

/** Whether a parsed answers file is a project's state file rather than plain answers. */
export const isStateFile = (raw: unknown): boolean =>
  (raw as { generator?: unknown } | null)?.generator === 'create-pacifica-dispatcher';

const ciList = (ci: CiAnswers): string[] => {
  const enabled = CI_PROVIDERS.filter((provider) => ci[provider]);
  return enabled.length > 0 ? enabled : ['none'];
};

/** The state file `file` holds, or why it cannot be replayed. */
function stateOf(file: string, text: string): ProjectState {
  try {
    return parseState(text, file);
  } catch (error) {
    if (!(error instanceof StateFileError)) throw error;
    throw new UserError(
      `Answers file "${file}" looks like a project's ${STATE_FILE}, but ${error.problem}.`,
      'Fix that value, or give an answers file of plain answers (README "The answers file").',
    );
  }
}

/** The answers that regenerate the project whose state file `file` holds `text`. */
export function answersFromStateFile(file: string, text: string): PartialAnswers {
  const state = stateOf(file, text);
  const [route, ...later] = state.routes;
  if (route === undefined || later.length > 0) {
    throw new UserError(
      `Answers file "${file}" is the state of a project with ${state.routes.length} routes; \`new\` makes a project with one.`,
      `Replay it with the first route, then add the others with \`pacifica-dispatcher add route\` (${later.map((other) => other.name).join(', ')}).`,
    );
  }
  const projectDir = path.dirname(path.resolve(file));
  return {
    projectName: state.projectName,
    description: state.description,
    author: state.author,
    authorEmail: state.authorEmail,
    keyValues: route.keyValues.map((kv) => (kv.value === undefined ? kv.key : `${kv.key}=${kv.value}`)),
    mimetype: route.mimetype ?? null,
    ...(route.mimetype !== undefined ? { subdir: route.subdir ?? '' } : {}),
    eventType: route.eventType,
    source: route.source ?? null,
    fixtures: state.events.map((event) => path.join(projectDir, 'tests', 'test_files', event.eventId, 'data')),
    ci: ciList(state.ci),
  };
}
