// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own dma-buf heap selftest, in the versions whose main() stops
 * at the first failing check (linux-source-6.1): upstream's file is compiled
 * unchanged inside this one, its main() renamed, and this main() runs every
 * upstream test on every heap in the order upstream's main() does, going on
 * past failures, so that each check reports. Upstream's own output lines
 * ("  Testing ...:  OK" or "FAIL (...)") are the report; build-heap-selftest.sh
 * compiles this file only for a source whose main() does not use kselftest's
 * plan (newer versions go on by themselves and run unchanged).
 */
#define main dmabuf_heap_upstream_main
#include "dmabuf-heap.c"
#undef main

int main(void)
{
	struct dirent *dir;
	int failed = 0;
	DIR *d;

	d = opendir(DEVPATH);
	if (!d) {
		printf("No %s directory?\n", DEVPATH);
		return 1;
	}
	while ((dir = readdir(d)) != NULL) {
		if (!strcmp(dir->d_name, ".") || !strcmp(dir->d_name, ".."))
			continue;
		printf("Testing heap: %s\n", dir->d_name);
		printf("=======================================\n");
		failed |= test_alloc_and_import(dir->d_name) != 0;
		failed |= test_alloc_zeroed(dir->d_name, 4 * 1024) != 0;
		failed |= test_alloc_zeroed(dir->d_name, ONE_MEG) != 0;
		failed |= test_alloc_compat(dir->d_name) != 0;
		failed |= test_alloc_errors(dir->d_name) != 0;
		fflush(stdout);
	}
	closedir(d);
	return failed;
}
