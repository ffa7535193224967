/* SPDX-License-Identifier: GPL-2.0 */
/*
 * censpec kernel runtime, TEST BUILD only (cen_test.c): what its files
 * share. The stand-in devices (cen_standin_test.c), the control device
 * (cen_ctl_test.c) and the placement oracle (cen_place_test.c).
 */
#ifndef _CEN_TEST_H
#define _CEN_TEST_H

#include <linux/device.h>
#include <linux/init.h>
#include <linux/types.h>

struct bus_dma_region;
struct dma_buf;
struct platform_device;
struct sg_table;

/*
 * A stand-in's name as the control device calls it: a spec device's name
 * (at most 32 characters, Limits.MAX_NAME) + "@match" + NUL; also the
 * control device's name (spec name, at most 20, + "_ctl").
 */
#define CEN_CTL_NAME	40

/* What kind of stand-in a device is. */
enum cen_stand_in {
	CEN_SI_SPEC,		/* spec device, registered through the API */
	CEN_SI_MATCH,		/* spec device, recognised by its match string */
	CEN_SI_RAW32,
	CEN_SI_BUS1G,
	CEN_SI_NOMASK,
	CEN_SI_SEG64K,
};

struct cen_test_dev {
	char name[CEN_CTL_NAME];	/* as the control device calls it */
	enum cen_stand_in kind;
	unsigned int spec_id;
	struct platform_device *pdev;
	struct bus_dma_region *ranges;
	struct device_dma_parameters parms;
};

/* cen_standin_test.c: the stand-ins, cen_test_nr_devs of them. */
extern struct cen_test_dev *cen_test_devs;
extern unsigned int cen_test_nr_devs;
int cen_test_find_dev(const char *name);
int __init cen_test_add_devices(void);
void cen_test_remove_devices(void);

/* cen_place_test.c: the placement oracle. */
bool cen_test_pages_ok(struct dma_buf *dmabuf);
bool cen_test_placement_ok(struct dma_buf *dmabuf, struct device *dev,
			   const struct sg_table *sgt);

/* cen_ctl_test.c: the control device, /dev/<cen_ctl_name>. */
extern char cen_ctl_name[CEN_CTL_NAME];
int __init cen_ctl_add(void);
void cen_ctl_remove(void);

#endif /* _CEN_TEST_H */
