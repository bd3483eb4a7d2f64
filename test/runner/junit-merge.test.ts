/**
 * mergeJunitReports: several runs' JUnit XML (as templates/runner/unittest_junit.py
 * writes it) as one <testsuites>, every suite and case labelled with its run.
 */
import { describe, expect, it } from 'vitest';
import { mergeJunitReports } from '../../src/runner/junit.js';

const FAILING = `<?xml version='1.0' encoding='utf-8'?>
<testsuites tests="2" failures="1" errors="0" time="0.250">
  <testsuite name="example_test.ExampleTestCase" tests="2" failures="1" errors="0" skipped="0" time="0.250">
    <testcase classname="example_test.ExampleTestCase" name="test_routes" time="0.200">
      <failure message="AssertionError: 0 not greater than or equal to 1">Traceback &lt;here&gt;</failure>
    </testcase>
    <testcase classname="example_test.ExampleTestCase" name="test_ok" time="0.050" />
  </testsuite>
</testsuites>`;

const PASSING = `<?xml version='1.0' encoding='utf-8'?>
<testsuites tests="1" failures="0" errors="0" time="0.100">
  <testsuite name="scans_test.ScansTestCase" tests="1" failures="0" errors="0" skipped="1" time="0.100">
    <testcase classname="scans_test.ScansTestCase" name="test_skipped" time="0.100">
      <skipped message="not today" />
    </testcase>
  </testsuite>
</testsuites>`;

const EMPTY = `<?xml version='1.0' encoding='utf-8'?>
<testsuites tests="0" failures="0" errors="0" time="0.000" />`;

describe('mergeJunitReports', () => {
  it("puts every run's suites under one <testsuites> with the summed counts, each labelled with its run", () => {
    const merged = mergeJunitReports('pacifica-dispatcher smoke', [
      { label: 'Example', xml: FAILING },
      { label: '3D scans', xml: PASSING },
      { label: 'Empty', xml: EMPTY },
    ]);
    expect(merged).toBe(`<?xml version='1.0' encoding='utf-8'?>
<testsuites name="pacifica-dispatcher smoke" tests="3" failures="1" errors="0" time="0.350">
  <testsuite name="Example / example_test.ExampleTestCase" tests="2" failures="1" errors="0" skipped="0" time="0.250">
    <testcase classname="Example / example_test.ExampleTestCase" name="test_routes" time="0.200">
      <failure message="AssertionError: 0 not greater than or equal to 1">Traceback &lt;here&gt;</failure>
    </testcase>
    <testcase classname="Example / example_test.ExampleTestCase" name="test_ok" time="0.050" />
  </testsuite>
  <testsuite name="3D scans / scans_test.ScansTestCase" tests="1" failures="0" errors="0" skipped="1" time="0.100">
    <testcase classname="3D scans / scans_test.ScansTestCase" name="test_skipped" time="0.100">
      <skipped message="not today" />
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  it('stands in one error case for a run that wrote no XML, and escapes the labels', () => {
    const merged = mergeJunitReports('smoke', [
      { label: 'Hello, "world" & <you>', failure: { step: 'install', message: 'pip could not install\nthe project' } },
    ]);
    expect(merged).toContain('<testsuites name="smoke" tests="1" failures="0" errors="1" time="0.000">');
    expect(merged).toContain('<testsuite name="Hello, &quot;world&quot; &amp; &lt;you&gt;" tests="1"');
    expect(merged).toContain('<testcase classname="Hello, &quot;world&quot; &amp; &lt;you&gt;" name="install"');
    expect(merged).toContain(
      '<error message="pip could not install&#10;the project">pip could not install\nthe project</error>',
    );
  });

  it('prefixes only suite names and classnames, never text that looks like them', () => {
    const xml = FAILING.replace('Traceback &lt;here&gt;', 'name="x" classname="y"');
    const merged = mergeJunitReports('smoke', [{ label: 'P', xml }]);
    expect(merged).toContain('>name="x" classname="y"</failure>');
    expect(merged.match(/"P \/ /g)).toHaveLength(3);
  });

  it('refuses a file that is no JUnit XML (a bug: the runner program writes it)', () => {
    expect(() => mergeJunitReports('smoke', [{ label: 'P', xml: '<html/>' }])).toThrow(/no <testsuites>/);
  });
});
