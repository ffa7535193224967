// Generated in generate-sources, compiled with the project, reports written by check.
def gen = new File(basedir, 'target/generated-sources/censpec/rpi4_camera')
assert new File(gen, 'java/org/censpec/bindings/rpi4_camera/Device.java').isFile()
assert new File(gen, '.censpec-manifest').isFile()
assert new File(basedir, 'target/classes/demo/App.class').isFile()
assert new File(basedir, 'target/classes/org/censpec/bindings/rpi4_camera/Device.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('warning[flow.attach-after-map]')
assert log.contains('added compile source root')
assert new File(basedir, 'target/censpec/censpec.sarif').isFile()
true
