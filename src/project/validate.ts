import type { KeyValueFilter } from '../core/types.js';
import { unmatchableReason } from '../jsonpath/index.js';

/**
 * Validators: the one shape of validation. `validateX(value)` returns the
 * problem, said for the user (a sentence naming what is wrong and how to
 * fix it), or undefined. Prompts need the text to ask again; flags and the
 * answers file throw it as a UserError. What turns a value into its parts
 * (parseKeyValue, normaliseSubdir) takes a valid value, so it cannot fail.
 */

function matchable(what: string, value: string): string | undefined {
  const reason = unmatchableReason(value);
  return reason === undefined
    ? undefined
    : `${what} "${value}" ${reason}: jsonpath2 reads route files as ASCII and never unescapes string literals, so no route can match it. Choose a value without '"', '\\', control or non-ASCII characters.`;
}

/** Splits `key=value` (equality) or `key` (the key must exist); see validateKeyValue. */
export function parseKeyValue(spec: string): KeyValueFilter {
  const equals = spec.indexOf('=');
  // Taken exactly as typed: a space is part of a key or value, and a route
  // compares strings exactly.
  return equals < 0 ? { key: spec } : { key: spec.slice(0, equals), value: spec.slice(equals + 1) };
}

export function validateKeyValue(spec: string): string | undefined {
  const { key, value } = parseKeyValue(spec);
  if (key === '')
    return `Key-value filter "${spec}" has no key. Write key=value, or key alone to require only that the key exists.`;
  return matchable('Key-value key', key) ?? (value === undefined ? undefined : matchable('Key-value value', value));
}

export function validateMimetype(mimetype: string): string | undefined {
  if (!/^[A-Za-z0-9][\w.+-]*\/[A-Za-z0-9][\w.+-]*$/.test(mimetype)) {
    return `Mimetype "${mimetype}" is not of the form type/subtype (e.g. text/plain, image/png).`;
  }
  return matchable('Mimetype', mimetype);
}

/** The parts of a subdir, without empty ones from leading or trailing "/". */
const subdirParts = (subdir: string): string[] => {
  const trimmed = subdir.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
};

/**
 * Pacifica writes subdirs without leading or trailing "/" and without a
 * leading "data/"; "" is the top level. Takes a subdir validateSubdir accepts.
 */
export const normaliseSubdir = (subdir: string): string => subdirParts(subdir).join('/');

export function validateSubdir(subdir: string): string | undefined {
  const problem = matchable('Subdir', subdir);
  if (problem !== undefined) return problem;
  if (subdirParts(subdir).some((part) => part === '' || part === '.' || part === '..')) {
    return `Subdir "${subdir}" must be a plain relative path such as "raw/images" (no "..", "." or empty parts).`;
  }
  return undefined;
}

export function validateEventType(eventType: string): string | undefined {
  if (eventType.trim() === '')
    return 'The event type is empty. Pacifica Metadata sends "org.pacifica.metadata.ingest".';
  return matchable('Event type', eventType);
}

export function validateSource(source: string): string | undefined {
  if (source === '') return 'The source is empty. Use --no-source for a route that does not check the source.';
  return matchable('Source', source);
}

export function validateEmail(email: string): string | undefined {
  // setuptools refuses an email without a dot in its domain (idn-email).
  if (email === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return undefined;
  return `Author email "${email}" is not an email address (name@example.org), or leave it empty.`;
}

export function validateEventId(eventId: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(eventId) || eventId.length > 100) {
    return `Event id "${eventId}" must be 1-100 characters of letters, digits, ".", "_" and "-", starting with a letter or digit (it names a directory under tests/test_files).`;
  }
  return undefined;
}

export const CI_PROVIDERS = ['github', 'travis', 'appveyor'] as const;

export function validateCiList(list: string[]): string | undefined {
  const unknown = list.filter((item) => item !== 'none' && !(CI_PROVIDERS as readonly string[]).includes(item));
  if (unknown.length === 0) {
    return list.includes('none') && list.length > 1
      ? `CI "none" cannot be combined with ${list.filter((item) => item !== 'none').join(', ')}.`
      : undefined;
  }
  return `Unknown CI provider "${unknown.join('", "')}". Choose from ${CI_PROVIDERS.join(', ')}, or none.`;
}
