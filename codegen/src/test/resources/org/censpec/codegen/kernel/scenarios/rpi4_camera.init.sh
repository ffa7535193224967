#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
echo 8 > /proc/sys/kernel/printk
insmod /module.ko dyndbg=+p && echo INSMOD_OK || echo INSMOD_FAIL
ls -l /dev/dma_heap/ /dev/rpi4_camera_ctl
c() { echo "$*" >&3; printf '%s -> ' "$*"; cat <&3; }
exec 3<>/dev/rpi4_camera_ctl
c map v3d
c new rpi4_camera
c attach v3d
c attach v3d
c attach unicam
c map v3d
c map unicam
c map unicam
c attach hevc
c map hevc
c attach hvs
c unmap unicam
c detach unicam
c unmap v3d
c detach v3d
c detach hvs
c bogus hvs
c vmap
c new rpi4_camera 65536
c vmap
c attach unicam
c new preview
c attach v3d
c map v3d
c new decode
c attach hevc
c attach v3d
c map v3d
c new nosuch
c new rpi4_camera 8388608
c attach v3d
c map v3d
c new rpi4_camera 2097152
c attach v3d
c map v3d
exec 4<>/dev/rpi4_camera_ctl
echo "new preview" >&4; cat <&4
echo "attach hvs" >&4; cat <&4
cat /sys/kernel/debug/rpi4_camera/buffers
exec 3>&- 4>&-
echo after close:; cat /sys/kernel/debug/rpi4_camera/buffers
/heaptest   # rpi4_camera_heaptest.c, gcc -static -I<module dir>
echo after heaptest:; cat /sys/kernel/debug/rpi4_camera/buffers
rmmod rpi4_camera && echo RMMOD_OK || echo RMMOD_FAIL
dmesg | grep -E "BUG:|WARNING:|Oops|rpi4_camera" | tail -80
echo DONE
poweroff -f
