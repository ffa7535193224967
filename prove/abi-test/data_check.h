/* SPDX-License-Identifier: GPL-2.0 */
/* data_check: the plan's commands, their results, and the measurements. */
#ifndef DATA_CHECK_H
#define DATA_CHECK_H

#include <stddef.h>

enum command_kind {
	CMD_NEW, CMD_CLOSE, CMD_ATTACH, CMD_MAP, CMD_UNMAP, CMD_DETACH,
	CMD_DEV_WRITE, CMD_DEV_READ, CMD_CPU_WRITE, CMD_CPU_READ,
	CMD_VMAP_WRITE, CMD_VMAP_READ, CMD_MMAP, CMD_CHARGE, CMD_RACE, CMD_FILL, CMD_ENGINE_MASK,
	CMD_ENGINE_IOMMU, CMD_REGISTER, CMD_UNREGISTER,
};

struct command {
	enum command_kind kind;
	unsigned int slot;
	unsigned int engine;
	char word[128];			/* heap name, direction or sync flags */
	unsigned long long number;	/* length or byte offset */
	unsigned int value;
};

/* What one command gave; the extra key=value pairs of a measurement. */
struct result {
	int rc;
	int has_value;
	unsigned int value;
	int uniform;
	char extra[160];
};

int parse_command(char *line, struct command *c);
void format_result(const struct result *r, char *out, size_t size);
int expectation_met(const char *want, const char *got);
void read_words(struct result *r, const volatile unsigned int *words, unsigned int n);

/* data_check_iommu.c */
int engine_iommu(struct result *r, const char *engine_name);
int spec_device(int importer, const struct command *c);

/* data_check_measure.c */
int charge(struct result *r, const char *heap, unsigned long long len);
int race(struct result *r, const char *heap, unsigned long long len, int racers);
int fill(struct result *r, const char *heap, unsigned long long len, int extra);

#endif
