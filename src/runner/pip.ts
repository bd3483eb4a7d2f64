/**
 * pip: the install command line, and reading pip's output for the failures a
 * user can fix (no index reachable, a package that is not there).
 */

/** Options forwarded to every pip call, as the user gave them. */
export interface PipOptions {
  indexUrl?: string;
  extraIndexUrls?: string[];
  findLinks?: string[];
  noBuildIsolation?: boolean;
}

export interface PipProblem {
  message: string;
  hint: string;
}

/** `python -m pip install …` arguments after the interpreter: the project (`.`) or a --with requirement. */
export function pipInstallArgs(pip: PipOptions, noDeps: boolean, requirement = '.'): string[] {
  // --no-input: a credential prompt would otherwise hang until the deadline.
  const args = ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check'];
  if (pip.indexUrl !== undefined) args.push('--index-url', pip.indexUrl);
  for (const url of pip.extraIndexUrls ?? []) args.push('--extra-index-url', url);
  for (const link of pip.findLinks ?? []) args.push('--find-links', link);
  if (pip.noBuildIsolation) args.push('--no-build-isolation');
  if (noDeps) args.push('--no-deps');
  args.push(requirement);
  return args;
}

/**
 * pip's output when the build backend in the environment cannot build the
 * project (it does not import, or lacks what it needs to make a wheel).
 */
export function buildBackendUnusable(output: string): boolean {
  return /BackendUnavailable|Cannot import 'setuptools\.build_meta'|No module named 'setuptools'|invalid command 'bdist_wheel'/.test(
    output,
  );
}

const CONNECTION = [
  /Failed to establish a new connection: (?:\[Errno -?\d+\] )?([^'")\]]+)/,
  /(Read timed out)/,
  /(Connection (?:refused|reset|aborted)[^'")]*)/,
  /(SSLError|ProxyError|CERTIFICATE_VERIFY_FAILED)/,
];

/** Why pip could not talk to an index, if its output says so. */
export function connectionFailure(output: string): string | undefined {
  for (const pattern of CONNECTION) {
    const match = pattern.exec(output);
    if (match?.[1]) return match[1].trim();
  }
  return undefined;
}

/**
 * The network indexes pip says it looked in (a file:// index cannot refuse
 * a connection); pip names none when it uses plain PyPI.
 */
export function networkIndexes(output: string): string {
  const match = /Looking in indexes: ([^\r\n]+)/.exec(output);
  const urls = (match?.[1] ?? 'https://pypi.org/simple').split(/,\s*/).filter((url) => /^https?:/i.test(url));
  return urls.length > 0 ? urls.join(', ') : 'https://pypi.org/simple';
}

/** The requirement pip could not satisfy: `jsonpath2`, `setuptools>=61`. */
export function missingRequirement(output: string): string | undefined {
  const matches = [...output.matchAll(/No matching distribution found for ([^\s]+)/g)];
  return matches.at(-1)?.[1];
}

const FIX =
  'Point pip at an index or a folder that has it with --index-url URL, --extra-index-url URL or --find-links DIR, ' +
  'or use an environment that already has the dependencies with --use-python /path/to/python --no-deps.';

/** Turns a failed `pip install` of `what` into a message naming the problem and a fix. */
export function explainPipFailure(output: string, what = 'the project'): PipProblem {
  const missing = missingRequirement(output);
  const connection = connectionFailure(output);
  const notFound = missing === undefined ? '' : `No matching distribution found for ${missing}`;
  if (connection !== undefined) {
    return {
      message: `pip cannot reach the package index ${networkIndexes(output)} (${connection})${notFound ? `: ${notFound}` : ''}.`,
      hint: `Check the network or proxy. ${FIX}`,
    };
  }
  if (missing !== undefined) {
    return {
      message: `pip cannot install ${what}: ${notFound}.`,
      hint: `Check that ${missing} is spelled right and published for this Python. ${FIX}`,
    };
  }
  if (/ResolutionImpossible|conflicting dependencies/i.test(output)) {
    return {
      message: `pip cannot install ${what}: its dependencies conflict.`,
      hint: "See pip's output above; loosen the version pins in pyproject.toml.",
    };
  }
  return { message: `pip cannot install ${what}.`, hint: `See pip's output above. ${FIX}` };
}
