#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include "uapi/rpi4_camera.h"

static int fails;
#define CHECK(c, ...) do { if (c) printf("PASS " __VA_ARGS__); else { fails++; printf("FAIL " __VA_ARGS__); } printf("\n"); } while (0)

static int alloc(int heap, __u64 len, __u32 fdf, __u64 hf, int *fd)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = fdf, .heap_flags = hf };
	int r = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d);
	if (r < 0)
		return -errno;
	*fd = d.fd;
	return 0;
}

int main(void)
{
	int h = open("/dev/dma_heap/" RPI4_CAMERA_HEAP_NAME, O_RDWR);
	int hp = open("/dev/dma_heap/" RPI4_CAMERA_HEAP_PREVIEW_NAME, O_RDWR);
	int hd = open("/dev/dma_heap/" RPI4_CAMERA_HEAP_DECODE_NAME, O_RDWR);
	int fd = -1, r;
	CHECK(h >= 0 && hp >= 0 && hd >= 0, "open heaps %d %d %d", h, hp, hd);
	CHECK(alloc(h, 0, O_RDWR | O_CLOEXEC, 0, &fd) == -EINVAL, "len 0");
	CHECK(alloc(h, 4096, O_RDWR | O_CLOEXEC, 1, &fd) == -EINVAL, "heap_flags 1");
	CHECK(alloc(h, 4096, O_RDWR | O_NONBLOCK, 0, &fd) == -EINVAL, "fd_flags O_NONBLOCK");
	CHECK(alloc(h, 1ULL << 40, O_RDWR, 0, &fd) == -EINVAL, "len 1T");
	CHECK(alloc(h, ~0ULL, O_RDWR, 0, &fd) == -EINVAL, "len ~0");
	CHECK(ioctl(h, _IO('H', 7)) < 0 && errno == ENOTTY, "bad cmd ENOTTY");
	r = alloc(hp, 5000, O_RDWR | O_CLOEXEC, 0, &fd);
	CHECK(r == 0 && fd >= 0, "alloc preview 5000 -> fd %d r %d", fd, r);
	CHECK((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, "cloexec set");
	off_t sz = lseek(fd, 0, SEEK_END);
	CHECK(sz == 8192, "size %ld", (long)sz);
	struct dma_buf_sync s = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	CHECK(ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) == 0, "sync start");
	unsigned char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap");
	if (p != MAP_FAILED) {
		CHECK(p[0] == 0 && p[8191] == 0, "zeroed");
		memset(p, 0xa5, 8192);
		CHECK(p[4096] == 0xa5, "write/read back");
		munmap(p, 8192);
		p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
		CHECK(p != MAP_FAILED && p[8000] == 0xa5, "remap sees data");
	}
	s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	CHECK(ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) == 0, "sync end");
	int fd2 = -1;
	CHECK(alloc(hd, 4096, O_RDWR, 0, &fd2) == 0, "alloc decode (unbacked)");
	int big = -1;
	CHECK(alloc(h, 16 << 20, O_RDWR, 0, &big) == 0, "alloc 16M generic (unbacked)");
	CHECK(mmap(NULL, 16 << 20, PROT_READ, MAP_SHARED, big, 0) == MAP_FAILED && errno == ENOMEM, "16M contiguous mmap -> ENOMEM (errno %d)", errno);
	int dfd = open("/sys/kernel/debug/rpi4_camera/buffers", O_RDONLY);
	char buf[4096];
	int n = dfd >= 0 ? read(dfd, buf, sizeof(buf) - 1) : -1;
	if (n > 0) { buf[n] = 0; printf("debugfs buffers:\n%s", buf); }
	CHECK(n > 0 && strstr(buf, "alloc=cma_low") && strstr(buf, "alloc=-"), "debugfs lists buffers");
	close(big); close(fd2); close(fd);
	printf("HEAPTEST %s fails=%d\n", fails ? "FAIL" : "OK", fails);
	return fails != 0;
}
