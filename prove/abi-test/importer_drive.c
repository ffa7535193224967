// SPDX-License-Identifier: GPL-2.0
/*
 * importer_drive PLAN: drives the guest's own unmodified upstream importers
 * (vivid's video capture nodes, vgem's DRM PRIME import) on buffers of the
 * module's heaps, one command per plan line, and prints each command's result
 * for the host to compare with the model (prove/guest/README.md, "Importer
 * plan"). Commands:
 *   new HEAP LEN       allocate LEN bytes from /dev/dma_heap/HEAP (the buffer)
 *   qbuf NODE          vivid node NODE (its sysfs name, e.g. vivid-000-vid-cap):
 *                      640x480 YUYV, one DMABUF buffer, VIDIOC_QBUF of the buffer
 *                      (vb2 attaches, and maps it at buffer prepare)
 *   capture NODE       STREAMON, one frame dequeued, STREAMOFF; the frame read
 *                      back through the buffer's own mmap: the 75% colour bars
 *                      vivid's pattern generator draws (rows below its text)
 *   release NODE       VIDIOC_REQBUFS 0 (vb2 unmaps and detaches), node closed
 *   import             DRM_IOCTL_PRIME_FD_TO_HANDLE on vgem (attach and map)
 *   unimport           DRM_IOCTL_GEM_CLOSE of that handle (unmap and detach)
 *   free               closes the buffer and everything still open
 *   vb2-leak-probe NODE
 *                      whether this kernel's videobuf2 keeps a reference to a
 *                      dma-buf whose attach failed, shown without the module: a
 *                      4 KiB vgem buffer queued on vivid node NODE as a whole
 *                      frame (vb2-dma-contig refuses the attach, -EFAULT), node
 *                      and buffer closed, then debugfs' bufinfo read for it
 * Output: "@@CENSPEC IMPORTER R <line> rc=<0|-errno> [frames=N pattern=ok|bad]"
 * per command, then "@@CENSPEC IMPORTER SUMMARY <n> commands". A refused qbuf
 * also prints "@@CENSPEC IMPORTER REFUSED <line> ino=<inode>" (the buffer's
 * inode, the one bufinfo lists); the probe prints "@@CENSPEC IMPORTER
 * VB2-LEAK-PROBE qbuf=<rc> ino=<inode> leaked=<0|1>" and rc=0 on its R line
 * when vivid refused the attach and bufinfo could be read. Exit 0 when the
 * plan was read to its end (results are judged by the host), 2 on bad input.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/dma-heap.h>
#include <linux/videodev2.h>

/* DRM uapi (include/uapi/drm/drm.h): the three ioctls used here. */
struct cen_drm_version {
	int major, minor, patch;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};
struct cen_drm_prime_handle {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};
struct cen_drm_gem_close {
	uint32_t handle;
	uint32_t pad;
};
struct cen_drm_mode_create_dumb {
	uint32_t height, width, bpp, flags, handle, pitch;
	uint64_t size;
};
#define CEN_DRM_IOCTL_VERSION _IOWR('d', 0x00, struct cen_drm_version)
#define CEN_DRM_IOCTL_GEM_CLOSE _IOW('d', 0x09, struct cen_drm_gem_close)
#define CEN_DRM_IOCTL_PRIME_HANDLE_TO_FD _IOWR('d', 0x2d, struct cen_drm_prime_handle)
#define CEN_DRM_IOCTL_PRIME_FD_TO_HANDLE _IOWR('d', 0x2e, struct cen_drm_prime_handle)
#define CEN_DRM_IOCTL_MODE_CREATE_DUMB _IOWR('d', 0xB2, struct cen_drm_mode_create_dumb)

#define WIDTH 640
#define HEIGHT 480
#define MAX_NODES 4

static int buf_fd = -1;
static size_t buf_len;
static int vgem_fd = -1;
static uint32_t vgem_handle;
static struct node {
	char name[64];
	int fd;
} nodes[MAX_NODES];

static int rc_of(int ret)
{
	return ret < 0 ? -errno : 0;
}

/* The /dev/videoN whose sysfs name is NAME, opened; -errno when none. */
static int open_video(const char *name)
{
	char path[300], got[64];
	struct dirent *e;
	int fd = -ENOENT;
	DIR *d = opendir("/sys/class/video4linux");
	FILE *f;

	if (!d)
		return -ENODEV;
	while ((e = readdir(d)) && fd == -ENOENT) {
		snprintf(path, sizeof(path), "/sys/class/video4linux/%s/name", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(got, sizeof(got), f) && !strncmp(got, name, strlen(name)) &&
		    (got[strlen(name)] == '\n' || !got[strlen(name)])) {
			snprintf(path, sizeof(path), "/dev/%s", e->d_name);
			fd = open(path, O_RDWR);
			if (fd < 0)
				fd = -errno;
		}
		fclose(f);
	}
	closedir(d);
	return fd;
}

static struct node *node_of(const char *name, int create)
{
	int i;

	for (i = 0; i < MAX_NODES; i++)
		if (nodes[i].fd > 0 && !strcmp(nodes[i].name, name))
			return &nodes[i];
	for (i = 0; create && i < MAX_NODES; i++) {
		if (nodes[i].fd <= 0) {
			snprintf(nodes[i].name, sizeof(nodes[i].name), "%s", name);
			return &nodes[i];
		}
	}
	return NULL;
}

static int do_new(const char *heap, unsigned long long len)
{
	struct dma_heap_allocation_data a = { .len = len, .fd_flags = O_RDWR | O_CLOEXEC };
	char path[300];
	int hfd, ret;

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
	hfd = open(path, O_RDONLY | O_CLOEXEC);
	if (hfd < 0)
		return -errno;
	ret = rc_of(ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &a));
	close(hfd);
	if (!ret) {
		buf_fd = a.fd;
		buf_len = len;
	}
	return ret;
}

static int do_qbuf(const char *name)
{
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	struct v4l2_requestbuffers req = { .count = 1, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					   .memory = V4L2_MEMORY_DMABUF };
	struct v4l2_buffer b = { .index = 0, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
				 .memory = V4L2_MEMORY_DMABUF };
	struct node *n = node_of(name, 1);
	int fd;

	if (!n)
		return -EMFILE;
	fd = open_video(name);
	if (fd < 0)
		return fd;
	n->fd = fd;
	fmt.fmt.pix.width = WIDTH;
	fmt.fmt.pix.height = HEIGHT;
	fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
	fmt.fmt.pix.field = V4L2_FIELD_NONE;
	if (ioctl(fd, VIDIOC_S_FMT, &fmt) < 0 || ioctl(fd, VIDIOC_REQBUFS, &req) < 0)
		return -errno;
	b.m.fd = buf_fd;
	b.length = buf_len;
	return rc_of(ioctl(fd, VIDIOC_QBUF, &b));
}

/* Bar 0 of the last rows is 75% white (Y about 180, U and V 128), bar 7 black (Y 16). */
static int pattern_ok(const unsigned char *p)
{
	const unsigned char *row = p + (size_t)(HEIGHT - 1) * WIDTH * 2;
	const unsigned char *black = row + (7 * WIDTH / 8 + 8) * 2;

	return row[0] > 150 && row[0] < 200 && abs(row[1] - 128) < 16 && abs(row[3] - 128) < 16 &&
	       black[0] < 40 && abs(black[1] - 128) < 16;
}

static int do_capture(const char *name, int *frames, int *pattern)
{
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE, ret;
	struct v4l2_buffer b = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_DMABUF };
	struct node *n = node_of(name, 0);
	struct pollfd pfd;
	void *p;

	if (!n)
		return -EBADF;
	if (ioctl(n->fd, VIDIOC_STREAMON, &type) < 0)
		return -errno;
	pfd.fd = n->fd;
	pfd.events = POLLIN;
	ret = poll(&pfd, 1, 20000);
	if (ret <= 0)
		ret = ret ? -errno : -ETIMEDOUT;
	else if (!(pfd.revents & POLLIN))
		ret = -EIO;	/* POLLERR: no buffer queued; a DQBUF would wait forever */
	else
		ret = rc_of(ioctl(n->fd, VIDIOC_DQBUF, &b));
	if (!ret)
		*frames = 1;
	ioctl(n->fd, VIDIOC_STREAMOFF, &type);
	if (ret)
		return ret;
	p = mmap(NULL, buf_len, PROT_READ, MAP_SHARED, buf_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	*pattern = pattern_ok(p);
	munmap(p, buf_len);
	return 0;
}

static int do_release(const char *name)
{
	struct v4l2_requestbuffers req = { .count = 0, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					   .memory = V4L2_MEMORY_DMABUF };
	struct node *n = node_of(name, 0);
	int ret;

	if (!n)
		return -EBADF;
	ret = rc_of(ioctl(n->fd, VIDIOC_REQBUFS, &req));
	close(n->fd);
	n->fd = 0;
	return ret;
}

/* The vgem card, opened (its DRM driver name is "vgem"). */
static int open_vgem(void)
{
	char path[64], name[16];
	int i, fd;

	for (i = 0; i < 16; i++) {
		struct cen_drm_version v = { .name = name, .name_len = sizeof(name) - 1 };

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (!ioctl(fd, CEN_DRM_IOCTL_VERSION, &v) && !strcmp(name, "vgem"))
			return fd;
		close(fd);
	}
	return -ENODEV;
}

static int do_import(void)
{
	struct cen_drm_prime_handle h = { .fd = buf_fd };
	int ret;

	if (vgem_fd < 0)
		vgem_fd = open_vgem();
	if (vgem_fd < 0)
		return vgem_fd;
	ret = rc_of(ioctl(vgem_fd, CEN_DRM_IOCTL_PRIME_FD_TO_HANDLE, &h));
	if (!ret)
		vgem_handle = h.handle;
	return ret;
}

static int do_unimport(void)
{
	struct cen_drm_gem_close c = { .handle = vgem_handle };

	return vgem_fd < 0 ? -EBADF : rc_of(ioctl(vgem_fd, CEN_DRM_IOCTL_GEM_CLOSE, &c));
}

/* The inode of the dma-buf behind FD (the "ino" column of debugfs' bufinfo); 0 when unknown. */
static unsigned long ino_of(int fd)
{
	struct stat st;

	return fd >= 0 && !fstat(fd, &st) ? (unsigned long)st.st_ino : 0;
}

/* 1 when a dma-buf of inode INO is alive (a row of bufinfo names it), 0 if not, -errno. */
static int buf_alive(unsigned long ino)
{
	FILE *f = fopen("/sys/kernel/debug/dma_buf/bufinfo", "r");
	char row[512], name[128];
	unsigned long size, flags, mode, count, got;
	int alive = 0;

	if (!f)
		return -errno;
	while (!alive && fgets(row, sizeof(row), f))
		alive = sscanf(row, "%lu %lx %lx %lu %127s %lu", &size, &flags, &mode, &count, name,
			       &got) == 6 && got == ino;
	fclose(f);
	return alive;
}

/* A 4 KiB buffer of vgem's own, exported as a dma-buf: its fd, or -errno. */
static int vgem_dmabuf(void)
{
	struct cen_drm_mode_create_dumb d = { .height = 16, .width = 64, .bpp = 32 };
	struct cen_drm_prime_handle h = { .flags = O_RDWR | O_CLOEXEC };
	struct cen_drm_gem_close c = { 0 };
	int card = open_vgem(), ret;

	if (card < 0)
		return card;
	ret = rc_of(ioctl(card, CEN_DRM_IOCTL_MODE_CREATE_DUMB, &d));
	if (!ret) {
		h.handle = d.handle;
		ret = rc_of(ioctl(card, CEN_DRM_IOCTL_PRIME_HANDLE_TO_FD, &h));
		c.handle = d.handle;
		ioctl(card, CEN_DRM_IOCTL_GEM_CLOSE, &c);
	}
	close(card);
	return ret ? ret : h.fd;
}

/*
 * The vb2-leak-probe command: vivid's contiguous node refuses the attach of a
 * buffer shorter than its frame (vb2_dc_attach_dmabuf: -EFAULT); once the node
 * and the buffer are closed, the buffer is gone unless vb2 kept a reference.
 */
static int do_vb2_probe(const char *node)
{
	int saved_fd = buf_fd, fd = vgem_dmabuf(), qbuf, leaked;
	size_t saved_len = buf_len;
	unsigned long ino;

	if (fd < 0)
		return fd;
	ino = ino_of(fd);
	buf_fd = fd;
	buf_len = (size_t)WIDTH * HEIGHT * 2;
	qbuf = do_qbuf(node);
	do_release(node);
	close(fd);
	buf_fd = saved_fd;
	buf_len = saved_len;
	leaked = buf_alive(ino);
	printf("@@CENSPEC IMPORTER VB2-LEAK-PROBE qbuf=%d ino=%lu leaked=%d\n", qbuf, ino, leaked);
	if (leaked < 0)
		return leaked;
	return qbuf == -EFAULT && ino ? 0 : -EPROTO;
}

static void do_free(void)
{
	int i;

	for (i = 0; i < MAX_NODES; i++) {
		if (nodes[i].fd > 0)
			close(nodes[i].fd);
		nodes[i].fd = 0;
	}
	if (vgem_fd >= 0)
		close(vgem_fd);
	if (buf_fd >= 0)
		close(buf_fd);
	vgem_fd = -1;
	buf_fd = -1;
}

/* Runs one plan line and prints its result; sets *bad for a line this program does not know. */
static void run_line(int lineno, char *cmd, char *arg, char *arg2, int *bad)
{
	int frames = 0, pattern = -1, rc;

	if (!strcmp(cmd, "new") && arg && arg2)
		rc = do_new(arg, strtoull(arg2, NULL, 0));
	else if (!strcmp(cmd, "qbuf") && arg)
		rc = do_qbuf(arg);
	else if (!strcmp(cmd, "capture") && arg)
		rc = do_capture(arg, &frames, &pattern);
	else if (!strcmp(cmd, "release") && arg)
		rc = do_release(arg);
	else if (!strcmp(cmd, "import"))
		rc = do_import();
	else if (!strcmp(cmd, "unimport"))
		rc = do_unimport();
	else if (!strcmp(cmd, "free"))
		rc = 0, do_free();
	else if (!strcmp(cmd, "vb2-leak-probe") && arg)
		rc = do_vb2_probe(arg);
	else {
		fprintf(stderr, "importer_drive: line %d: unknown command '%s'\n", lineno, cmd);
		*bad = 1;
		return;
	}
	if (rc && !strcmp(cmd, "qbuf"))
		printf("@@CENSPEC IMPORTER REFUSED %d ino=%lu\n", lineno, ino_of(buf_fd));
	if (pattern >= 0)
		printf("@@CENSPEC IMPORTER R %d rc=%d frames=%d pattern=%s\n", lineno, rc, frames,
		       pattern ? "ok" : "bad");
	else if (!strcmp(cmd, "capture"))
		printf("@@CENSPEC IMPORTER R %d rc=%d frames=%d pattern=-\n", lineno, rc, frames);
	else
		printf("@@CENSPEC IMPORTER R %d rc=%d\n", lineno, rc);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char line[512], *cmd, *arg, *arg2, *save;
	int lineno = 0, commands = 0, bad = 0;
	FILE *plan;

	if (argc != 2) {
		fprintf(stderr, "usage: importer_drive PLAN\n");
		return 2;
	}
	plan = fopen(argv[1], "r");
	if (!plan) {
		fprintf(stderr, "importer_drive: cannot open %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while (!bad && fgets(line, sizeof(line), plan)) {
		lineno++;
		cmd = strtok_r(line, " \t\n", &save);
		if (!cmd || cmd[0] == '#')
			continue;
		arg = strtok_r(NULL, " \t\n", &save);
		arg2 = strtok_r(NULL, " \t\n", &save);
		run_line(lineno, cmd, arg, arg2, &bad);
		commands++;
	}
	fclose(plan);
	do_free();
	printf("@@CENSPEC IMPORTER SUMMARY %d commands\n", commands);
	return bad ? 2 : 0;
}
