// SPDX-License-Identifier: GPL-2.0
/*
 * fbmmap counters, read-only sysfs attributes of the bus device
 * (/sys/class/graphics/fbN/device/...). See README.md.
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "fbmmap.h"

enum fbmmap_stat {
	FBMMAP_VBLANKS,
	FBMMAP_FLIPS,
	FBMMAP_MISSED,
	FBMMAP_SCANOUT,
};

static ssize_t fbmmap_stat_show(struct device *dev, char *buf,
				enum fbmmap_stat stat)
{
	struct fbmmap_device *fdev = dev_get_drvdata(dev);
	u64 val;

	if (!fdev)
		return -ENODEV;
	spin_lock_irq(&fdev->lock);
	switch (stat) {
	case FBMMAP_VBLANKS:
		val = fdev->vblank_count;
		break;
	case FBMMAP_FLIPS:
		val = fdev->flip_count;
		break;
	case FBMMAP_MISSED:
		val = fdev->missed_flips;
		break;
	default:
		val = fdev->scanout_offset;
		break;
	}
	spin_unlock_irq(&fdev->lock);
	return sysfs_emit(buf, "%llu\n", val);
}

static ssize_t vblank_count_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return fbmmap_stat_show(dev, buf, FBMMAP_VBLANKS);
}
static DEVICE_ATTR_RO(vblank_count);

static ssize_t flip_count_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return fbmmap_stat_show(dev, buf, FBMMAP_FLIPS);
}
static DEVICE_ATTR_RO(flip_count);

static ssize_t missed_flips_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return fbmmap_stat_show(dev, buf, FBMMAP_MISSED);
}
static DEVICE_ATTR_RO(missed_flips);

static ssize_t scanout_offset_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return fbmmap_stat_show(dev, buf, FBMMAP_SCANOUT);
}
static DEVICE_ATTR_RO(scanout_offset);

static ssize_t buffers_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	struct fbmmap_device *fdev = dev_get_drvdata(dev);

	if (!fdev)
		return -ENODEV;
	return sysfs_emit(buf, "%u\n", fdev->mode.buffers);
}
static DEVICE_ATTR_RO(buffers);

static ssize_t backend_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	struct fbmmap_device *fdev = dev_get_drvdata(dev);

	if (!fdev)
		return -ENODEV;
	return sysfs_emit(buf, "%s\n", fdev->ops->name);
}
static DEVICE_ATTR_RO(backend);

static struct attribute *fbmmap_attrs[] = {
	&dev_attr_vblank_count.attr,
	&dev_attr_flip_count.attr,
	&dev_attr_missed_flips.attr,
	&dev_attr_scanout_offset.attr,
	&dev_attr_buffers.attr,
	&dev_attr_backend.attr,
	NULL,
};

static const struct attribute_group fbmmap_group = {
	.attrs = fbmmap_attrs,
};

const struct attribute_group *fbmmap_groups[] = {
	&fbmmap_group,
	NULL,
};
