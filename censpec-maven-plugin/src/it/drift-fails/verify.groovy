// The drift gate failed, named the directory, and wrote nothing into it.
def log = new File(basedir, 'build.log').text
assert log.contains('differs from what')
def committed = new File(basedir, 'src/committed/rpi4_camera')
assert committed.list().toList() == ['README.stale']
true
