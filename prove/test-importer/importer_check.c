// SPDX-License-Identifier: GPL-2.0
/*
 * importer_check MODULE CTL HEAP...: a --run program of boot-guest.sh. For
 * each heap and size, allocates a buffer through the heap ABI and imports it
 * into every /dev/censpec_importer_* device (the devicetree test importers),
 * printing one line per import. Fails (exit 1) when a mapping the exporter
 * accepted lies beyond the importer's reach or was bounced through swiotlb,
 * or when no importer is bound. A refused attach or map is reported, not
 * failed: which importer a heap must accept is the replay's business.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/dma-heap.h>

#include "censpec_test_importer.h"

static const unsigned long long sizes[] = { 4096, 1 << 20, 12 << 20 };

int main(int argc, char **argv)
{
	char importers[64][300];
	int n = 0, bad = 0, mapped = 0;
	struct dirent *e;
	DIR *d = opendir("/dev");

	if (argc < 4 || !d) {
		fprintf(stderr, "usage: importer_check MODULE CTL HEAP...\n");
		return 2;
	}
	while ((e = readdir(d)) && n < 64)
		if (!strncmp(e->d_name, "censpec_importer_", 17))
			snprintf(importers[n++], sizeof(importers[0]), "/dev/%s", e->d_name);
	closedir(d);
	if (!n) {
		printf("@@CENSPEC IMPORT FAIL no /dev/censpec_importer_* (test importer not bound)\n");
		return 1;
	}
	for (int h = 3; h < argc; h++) {
		int heap = open(argv[h], O_RDWR | O_CLOEXEC);

		if (heap < 0) {
			printf("@@CENSPEC IMPORT FAIL open %s: %s\n", argv[h], strerror(errno));
			bad++;
			continue;
		}
		for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			struct dma_heap_allocation_data a = {
				.len = sizes[s], .fd_flags = O_RDWR | O_CLOEXEC,
			};

			if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &a)) {
				printf("@@CENSPEC IMPORT %s size=%llu alloc errno=%d\n", argv[h], sizes[s], errno);
				continue;
			}
			for (int i = 0; i < n; i++) {
				struct censpec_importer_import r = { .fd = (int)a.fd };
				int dev = open(importers[i], O_RDWR | O_CLOEXEC);

				if (dev < 0 || ioctl(dev, CENSPEC_IMPORTER_IOC_IMPORT, &r)) {
					printf("@@CENSPEC IMPORT FAIL %s: %s\n", importers[i], strerror(errno));
					bad++;
				} else {
					int wrong = !r.attach_rc && !r.map_rc && (r.beyond_reach || r.bounced);

					mapped += !r.attach_rc && !r.map_rc;
					bad += wrong;
					printf("@@CENSPEC IMPORT %s %s size=%llu attach=%d map=%d segments=%u first_dma=0x%llx limit=0x%llx coherent=%u beyond_reach=%u bounced=%u%s\n",
					       argv[h], importers[i] + 5, sizes[s], r.attach_rc, r.map_rc,
					       r.segments, (unsigned long long)r.first_dma,
					       (unsigned long long)r.dma_limit, r.coherent,
					       r.beyond_reach, r.bounced, wrong ? " FAIL" : "");
				}
				if (dev >= 0)
					close(dev);
			}
			close((int)a.fd);
		}
		close(heap);
	}
	printf("@@CENSPEC IMPORT SUMMARY importers=%d mapped=%d bad=%d\n", n, mapped, bad);
	return bad ? 1 : 0;
}
