// The build failed because of the finding, and the reports were still written.
def log = new File(basedir, 'build.log').text
assert log.contains('error[flow.late-attach]')
assert log.contains('censpec check failed')
def sarif = new File(basedir, 'target/censpec/censpec.sarif')
assert sarif.isFile() && sarif.text.contains('"ruleId": "flow.late-attach"')
def junit = new File(basedir, 'target/censpec/TEST-censpec.xml')
assert junit.isFile() && junit.text.contains('<failure type="flow.late-attach"')
def svgs = new File(basedir, 'target/censpec/trace-svg').list().sort()
assert svgs == ['late_attach-flow.attach-after-map-15.svg', 'late_attach-flow.late-attach-19.svg']
true
