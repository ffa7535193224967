#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
insmod /module.ko dyndbg=+p && echo INSMOD_OK || echo INSMOD_FAIL
ls /dev/dma_heap/
c() { echo "$*" >&3; printf 'CTL %s -> ' "$*"; cat <&3; }
exec 3<>/dev/refuse_ctl
c new refuse
c attach cam
c attach gpu
c attach dsp
c map dsp
c map cam
c new refuse
c attach dsp
c map dsp
c attach gpu
c attach cam
c attach nic
c new refuse
c attach gpu
c map gpu
c new refuse
c attach nic
c map nic
c new refuse
c attach @raw32
c map @raw32
c new refuse
c attach nic
c attach @raw32
c new render
c attach dsp
c map dsp
c attach cam
c new capture
c attach gpu
c new capture 300000000
c attach cam
c map cam
c new render 20000
c vmap
c attach gpu
c map gpu
c new refuse 40000
c attach nic
c map nic
c new capture 1048576
c attach cam
c map cam
cat /sys/kernel/debug/refuse/buffers
exec 3>&-
rmmod refuse && echo RMMOD_OK || echo RMMOD_FAIL
dmesg | grep -E "BUG:|WARNING:|Oops|refuse" | tail -60
echo DONE
poweroff -f
