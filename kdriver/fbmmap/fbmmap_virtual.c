// SPDX-License-Identifier: GPL-2.0
/*
 * fbmmap "virtual" back end: no hardware, vblanks from an hrtimer at the
 * refresh rate. Scanout is only recorded.
 */
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/slab.h>

#include "fbmmap.h"

struct fbmmap_virtual {
	struct hrtimer timer;
	ktime_t period;
	struct fbmmap_device *fdev;
	dma_addr_t scanout;
	bool running;
};

static enum hrtimer_restart fbmmap_virtual_tick(struct hrtimer *timer)
{
	struct fbmmap_virtual *v = container_of(timer, struct fbmmap_virtual,
						timer);
	u64 overruns = hrtimer_forward_now(timer, v->period);

	fbmmap_vblank(v->fdev, overruns ? (unsigned int)overruns : 1);
	return HRTIMER_RESTART;
}

static int fbmmap_virtual_enable(struct fbmmap_device *fdev, dma_addr_t dma)
{
	struct fbmmap_virtual *v = fdev->priv;

	v->fdev = fdev;
	v->scanout = dma;
	v->period = ns_to_ktime(div_u64(NSEC_PER_SEC, fdev->mode.refresh_hz));
	hrtimer_init(&v->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	v->timer.function = fbmmap_virtual_tick;
	hrtimer_start(&v->timer, v->period, HRTIMER_MODE_REL);
	v->running = true;
	return 0;
}

static void fbmmap_virtual_disable(struct fbmmap_device *fdev)
{
	struct fbmmap_virtual *v = fdev->priv;

	hrtimer_cancel(&v->timer);
	v->running = false;
}

/* Without vsync (suspended or powered down) there are no vblanks. */
static int fbmmap_virtual_blank(struct fbmmap_device *fdev, int blank_mode)
{
	struct fbmmap_virtual *v = fdev->priv;
	bool run = blank_mode != FB_BLANK_VSYNC_SUSPEND &&
		   blank_mode != FB_BLANK_POWERDOWN;

	if (run && !v->running)
		hrtimer_start(&v->timer, v->period, HRTIMER_MODE_REL);
	else if (!run && v->running)
		hrtimer_cancel(&v->timer);
	v->running = run;
	return 0;
}

static void fbmmap_virtual_set_scanout(struct fbmmap_device *fdev,
				       dma_addr_t dma)
{
	struct fbmmap_virtual *v = fdev->priv;

	v->scanout = dma;
}

const struct fbmmap_backend_ops fbmmap_virtual_ops = {
	.name		= "virtual",
	.enable		= fbmmap_virtual_enable,
	.disable	= fbmmap_virtual_disable,
	.set_scanout	= fbmmap_virtual_set_scanout,
	.blank		= fbmmap_virtual_blank,
};

/**
 * fbmmap_virtual_alloc() - allocate the back end's private data
 * @dev: the bus device; the data lives while it is bound
 *
 * Return: the data for fbmmap_create()'s @priv, or NULL.
 */
void *fbmmap_virtual_alloc(struct device *dev)
{
	return devm_kzalloc(dev, sizeof(struct fbmmap_virtual), GFP_KERNEL);
}
