# Control-device transcript of the rpi4_camera test module (make CENSPEC_TEST=1), measured
# under qemu (Debian 6.1.0-56-amd64, TCG, -m 512): one command per line, then the result line.
map v3d -> rc=-2 mask=0x0 alloc=- place=-
new rpi4_camera -> rc=0 mask=0x7 alloc=- place=-
attach v3d -> rc=0 mask=0x3 alloc=- place=-
attach v3d -> rc=-16 mask=0x3 alloc=- place=-
attach unicam -> rc=0 mask=0x1 alloc=- place=-
map v3d -> rc=0 mask=0x1 alloc=cma_low place=ok
map unicam -> rc=0 mask=0x1 alloc=cma_low place=ok
map unicam -> rc=-16 mask=0x1 alloc=cma_low place=-
attach hevc -> rc=0 mask=0x1 alloc=cma_low place=-
map hevc -> rc=0 mask=0x1 alloc=cma_low place=ok
attach hvs -> rc=0 mask=0x1 alloc=cma_low place=-
unmap unicam -> rc=0 mask=0x1 alloc=cma_low place=-
detach unicam -> rc=0 mask=0x1 alloc=cma_low place=-
unmap v3d -> rc=0 mask=0x1 alloc=cma_low place=-
detach v3d -> rc=0 mask=0x1 alloc=cma_low place=-
detach hvs -> rc=0 mask=0x1 alloc=cma_low place=-
bogus hvs -> rc=-22 mask=0x1 alloc=cma_low place=-
vmap -> rc=0 mask=0x1 alloc=cma_low place=-
new rpi4_camera 65536 -> rc=0 mask=0x7 alloc=- place=-
vmap -> rc=0 mask=0x7 alloc=cma_low place=-
attach unicam -> rc=0 mask=0x1 alloc=cma_low place=-
new preview -> rc=0 mask=0x1 alloc=- place=-
attach v3d -> rc=0 mask=0x1 alloc=- place=-
map v3d -> rc=0 mask=0x1 alloc=cma_low place=ok
new decode -> rc=0 mask=0x1 alloc=- place=-
attach hevc -> rc=0 mask=0x1 alloc=- place=-
attach v3d -> rc=0 mask=0x1 alloc=- place=-
map v3d -> rc=0 mask=0x1 alloc=cma_low place=ok
new nosuch -> rc=-2 mask=0x0 alloc=- place=-
new rpi4_camera 8388608 -> rc=0 mask=0x7 alloc=- place=-
attach v3d -> rc=0 mask=0x3 alloc=- place=-
map v3d -> rc=-12 mask=0x3 alloc=- place=-
new rpi4_camera 2097152 -> rc=0 mask=0x7 alloc=- place=-
attach v3d -> rc=0 mask=0x3 alloc=- place=-
map v3d -> rc=0 mask=0x3 alloc=cma_low place=ok
