# Control-device transcript of the refuse test module (make CENSPEC_TEST=1), measured
# under qemu (Debian 6.1.0-56-amd64, TCG, -m 512): one command per line, then the result line.
new refuse -> rc=0 mask=0x7 alloc=- place=-
attach cam -> rc=0 mask=0x1 alloc=- place=-
attach gpu -> rc=-22 mask=0x1 alloc=- place=-
attach dsp -> rc=0 mask=0x1 alloc=- place=-
map dsp -> rc=0 mask=0x1 alloc=lowc place=ok
map cam -> rc=0 mask=0x1 alloc=lowc place=ok
new refuse -> rc=0 mask=0x7 alloc=- place=-
attach dsp -> rc=0 mask=0x3 alloc=- place=-
map dsp -> rc=0 mask=0x3 alloc=lowc place=ok
attach gpu -> rc=-16 mask=0x3 alloc=lowc place=-
attach cam -> rc=0 mask=0x1 alloc=lowc place=-
attach nic -> rc=-16 mask=0x1 alloc=lowc place=-
new refuse -> rc=0 mask=0x7 alloc=- place=-
attach gpu -> rc=0 mask=0x2 alloc=- place=-
map gpu -> rc=0 mask=0x2 alloc=dma32 place=ok
new refuse -> rc=0 mask=0x7 alloc=- place=-
attach nic -> rc=0 mask=0x4 alloc=- place=-
map nic -> rc=0 mask=0x4 alloc=sys place=ok
new refuse -> rc=0 mask=0x7 alloc=- place=-
attach @raw32 -> rc=0 mask=0x3 alloc=- place=-
map @raw32 -> rc=0 mask=0x3 alloc=lowc place=ok
new refuse -> rc=0 mask=0x7 alloc=- place=-
attach nic -> rc=0 mask=0x4 alloc=- place=-
attach @raw32 -> rc=-22 mask=0x4 alloc=- place=-
new render -> rc=0 mask=0x2 alloc=- place=-
attach dsp -> rc=0 mask=0x2 alloc=- place=-
map dsp -> rc=0 mask=0x2 alloc=dma32 place=ok
attach cam -> rc=-16 mask=0x2 alloc=dma32 place=-
new capture -> rc=0 mask=0x1 alloc=- place=-
attach gpu -> rc=-22 mask=0x1 alloc=- place=-
new capture 300000000 -> rc=0 mask=0x1 alloc=- place=-
attach cam -> rc=0 mask=0x1 alloc=- place=-
map cam -> rc=-12 mask=0x1 alloc=- place=-
new render 20000 -> rc=0 mask=0x2 alloc=- place=-
vmap -> rc=0 mask=0x2 alloc=dma32 place=-
attach gpu -> rc=0 mask=0x2 alloc=dma32 place=-
map gpu -> rc=0 mask=0x2 alloc=dma32 place=ok
new refuse 40000 -> rc=0 mask=0x7 alloc=- place=-
attach nic -> rc=0 mask=0x4 alloc=- place=-
map nic -> rc=0 mask=0x4 alloc=sys place=ok
new capture 1048576 -> rc=0 mask=0x1 alloc=- place=-
attach cam -> rc=0 mask=0x1 alloc=- place=-
map cam -> rc=0 mask=0x1 alloc=lowc place=ok
