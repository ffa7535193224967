// SPDX-License-Identifier: GPL-2.0
/*
 * data_check: parsing a data plan line, printing a result, judging an
 * expectation (prove/guest/README.md, "Data plan").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_check.h"

static const struct {
	const char *name;
	enum command_kind kind;
	const char *args;	/* s slot, e engine, w word, n number, v value */
} commands[] = {
	{ "new", CMD_NEW, "wn" },
	{ "close", CMD_CLOSE, "" },
	{ "attach", CMD_ATTACH, "se" },
	{ "map", CMD_MAP, "sw" },
	{ "unmap", CMD_UNMAP, "s" },
	{ "detach", CMD_DETACH, "s" },
	{ "dev-write", CMD_DEV_WRITE, "snv" },
	{ "dev-read", CMD_DEV_READ, "sn" },
	{ "cpu-write", CMD_CPU_WRITE, "wnv" },
	{ "cpu-read", CMD_CPU_READ, "wn" },
	{ "vmap-write", CMD_VMAP_WRITE, "nv" },
	{ "vmap-read", CMD_VMAP_READ, "n" },
	{ "mmap", CMD_MMAP, "" },
	{ "charge", CMD_CHARGE, "wn" },
	{ "race", CMD_RACE, "wnv" },
	{ "fill", CMD_FILL, "wnv" },
	{ "engine-mask", CMD_ENGINE_MASK, "ev" },
	{ "engine-iommu", CMD_ENGINE_IOMMU, "e" },
	{ "register", CMD_REGISTER, "ewv" },
	{ "unregister", CMD_UNREGISTER, "ew" },
};

static int parse_number(const char *s, unsigned long long *out)
{
	char *end;

	*out = strtoull(s, &end, 0);
	return end == s || *end ? -1 : 0;
}

int parse_command(char *line, struct command *c)
{
	unsigned long long n;
	const char *args;
	char *tok;

	memset(c, 0, sizeof(*c));
	tok = strtok(line, " \t");
	if (!tok)
		return -1;
	args = NULL;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(tok, commands[i].name)) {
			c->kind = commands[i].kind;
			args = commands[i].args;
		}
	}
	if (!args)
		return -1;
	for (; *args; args++) {
		tok = strtok(NULL, " \t");
		if (!tok)
			return -1;
		if (*args == 'w') {
			snprintf(c->word, sizeof(c->word), "%s", tok);
			continue;
		}
		if (parse_number(tok, &n))
			return -1;
		if (*args == 's' && n >= 16)
			return -1;
		if (*args == 's')
			c->slot = (unsigned int)n;
		else if (*args == 'e')
			c->engine = (unsigned int)n;
		else if (*args == 'n')
			c->number = n;
		else
			c->value = (unsigned int)n;
	}
	return strtok(NULL, " \t") ? -1 : 0;
}

void read_words(struct result *r, const volatile unsigned int *words, unsigned int n)
{
	r->has_value = 1;
	r->value = words[0];
	r->uniform = 1;
	for (unsigned int i = 1; i < n; i++)
		if (words[i] != words[0])
			r->uniform = 0;
}

void format_result(const struct result *r, char *out, size_t size)
{
	int n = snprintf(out, size, "rc=%d", r->rc);

	if (r->has_value && r->uniform)
		n += snprintf(out + n, size - n, " value=0x%08x", r->value);
	else if (r->has_value)
		n += snprintf(out + n, size - n, " value=mixed first=0x%08x", r->value);
	if (r->extra[0])
		snprintf(out + n, size - n, " %s", r->extra);
}

/* The value of key @key in result @got, or NULL. */
static const char *field(const char *got, const char *key, size_t key_len)
{
	for (const char *p = got; (p = strstr(p, key)); p++)
		if ((p == got || p[-1] == ' ') && p[key_len] == '=')
			return p + key_len + 1;
	return NULL;
}

/*
 * Every word of @want holds: key=value (the same word in @got), key>=N or
 * key<N (a number in @got compared).
 */
int expectation_met(const char *want, const char *got)
{
	char copy[256], key[64];
	const char *v;
	char *w, *op;

	snprintf(copy, sizeof(copy), "%s", want);
	for (w = strtok(copy, " \t"); w; w = strtok(NULL, " \t")) {
		op = strpbrk(w, "<>=");
		if (!op || (size_t)(op - w) >= sizeof(key))
			return 0;
		memcpy(key, w, op - w);
		key[op - w] = '\0';
		v = field(got, key, strlen(key));
		if (!v)
			return 0;
		if (*op == '=') {
			size_t len = strlen(op + 1);

			if (strncmp(v, op + 1, len) || (v[len] && v[len] != ' '))
				return 0;
		} else if (op[0] == '>' && op[1] == '=') {
			if (strtoll(v, NULL, 0) < strtoll(op + 2, NULL, 0))
				return 0;
		} else if (op[0] == '<') {
			if (strtoll(v, NULL, 0) >= strtoll(op + 1, NULL, 0))
				return 0;
		} else {
			return 0;
		}
	}
	return 1;
}
