"""`python -m unittest MODULE...` that also writes JUnit XML of what ran.

Usage (from tests/): python unittest_junit.py JUNIT_FILE MODULE...

Runs the modules through unittest's own main program with a TextTestRunner,
so the output, the counts and the exit code are those of
`python -m unittest MODULE...`; the runner's result also records each test's
outcome and time, and the XML is written (atomically) once the run ends.
A module that fails to import is an error test case, as unittest reports it
(unittest.loader._FailedTest).
"""
import os
import sys
import time
import unittest
import xml.etree.ElementTree as ET
from unittest.case import _SubTest


class RecordingResult(unittest.TextTestResult):
    """A TextTestResult (same output) that keeps every test case's outcome and time, in run order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = {}

    def case(self, test):
        # A failing subtest belongs to the test method it ran in.
        owner = test.test_case if isinstance(test, _SubTest) else test
        if owner not in self.cases:
            self.cases[owner] = {'test': owner, 'started': None, 'time': 0.0, 'outcomes': []}
        return self.cases[owner]

    def startTest(self, test):
        super().startTest(test)
        self.case(test)['started'] = time.perf_counter()

    def stopTest(self, test):
        super().stopTest(test)
        case = self.case(test)
        if case['started'] is not None:
            case['time'] = time.perf_counter() - case['started']

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.case(test)['outcomes'].append(('failure', self.failures[-1][1]))

    def addError(self, test, err):
        # Also a setUpClass/setUpModule that raised: an error with no test
        # method (unittest's _ErrorHolder), which "Ran N" does not count.
        super().addError(test, err)
        self.case(test)['outcomes'].append(('error', self.errors[-1][1]))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            kind, recorded = ('failure', self.failures) if failed else ('error', self.errors)
            self.case(subtest)['outcomes'].append((kind, recorded[-1][1]))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.case(test)['outcomes'].append(('skipped', reason))

    def addUnexpectedSuccess(self, test):
        # unittest fails the run for it; JUnit has no such outcome, so it is a failure there.
        super().addUnexpectedSuccess(test)
        self.case(test)['outcomes'].append(('failure', 'unexpected success'))


def names(test):
    """(classname, name) as unittest names the test: `module.Class`, `method`."""
    if isinstance(test, unittest.TestCase):
        classname, _, name = test.id().rpartition('.')
        return classname, name
    # _ErrorHolder: "setUpClass (module.Class)" or "setUpModule (module)".
    description = str(test)
    fixture, _, where = description.partition(' (')
    return (where.rstrip(')'), fixture) if where else (description, description)


def last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else text


def junit_tree(cases):
    """<testsuites> with one <testsuite> per test class, in the order they first ran."""
    suites = {}
    for case in cases:
        classname, name = names(case['test'])
        suites.setdefault(classname, []).append((name, case))
    root = ET.Element('testsuites')
    totals = {'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0, 'time': 0.0}
    for classname, members in suites.items():
        counts = {'tests': len(members), 'failures': 0, 'errors': 0, 'skipped': 0, 'time': 0.0}
        suite = ET.SubElement(root, 'testsuite', name=classname)
        for name, case in members:
            counts['time'] += case['time']
            element = ET.SubElement(suite, 'testcase', classname=classname, name=name, time=f"{case['time']:.3f}")
            for kind, text in case['outcomes']:
                if kind == 'skipped':
                    counts['skipped'] += 1
                    ET.SubElement(element, 'skipped', message=text)
                else:
                    counts[kind + 's'] += 1
                    ET.SubElement(element, kind, message=last_line(text)).text = text
        for key, value in counts.items():
            totals[key] += value
            suite.set(key, f'{value:.3f}' if key == 'time' else str(value))
    for key, value in totals.items():
        # The common JUnit schema (Jenkins' junit-10.xsd) has no skipped count on
        # <testsuites>: each <testsuite> carries its own.
        if key != 'skipped':
            root.set(key, f'{value:.3f}' if key == 'time' else str(value))
    ET.indent(root)
    return ET.ElementTree(root)


def write_atomically(tree, path):
    temporary = f'{path}.{os.getpid()}.tmp'
    try:
        tree.write(temporary, encoding='utf-8', xml_declaration=True)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def main():
    junit_file, modules = sys.argv[1], sys.argv[2:]
    # As with -m: the tests import from the directory they run in, not from this file's.
    sys.path[0] = os.getcwd()
    not_written = []

    class JUnitRunner(unittest.TextTestRunner):
        resultclass = RecordingResult

        def run(self, test):
            result = super().run(test)
            try:
                write_atomically(junit_tree(result.cases.values()), junit_file)
            except OSError as error:
                not_written.append(error)
                print(f'JUnit XML not written: {error}', file=sys.stderr, flush=True)
            return result

    argv0 = os.path.basename(sys.executable) + ' -m unittest'
    try:
        unittest.main(module=None, argv=[argv0, *modules], testRunner=JUnitRunner)
    except SystemExit as done:
        raise SystemExit((done.code or 1) if not_written else done.code)


if __name__ == '__main__':
    main()
