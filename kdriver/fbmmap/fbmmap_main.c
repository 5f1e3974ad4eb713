// SPDX-License-Identifier: GPL-2.0
/*
 * fbmmap - fbdev driver whose display memory comes from dma_alloc_wc() (or
 * a reserved region) and reaches user space through mmap.
 *
 * Two bus drivers share the display core. The AMBA driver binds ARM
 * PrimeCell PL111 LCD controllers ("arm,pl111"), the board's hardware.
 * The platform driver binds a device-tree node compatible with
 * "fbmmap,display" and uses the virtual back end (hrtimer vblanks); on a
 * machine whose device tree offers neither (x86, or virtual=1) the module
 * registers its own virtual platform device.
 */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>

#include "fbmmap.h"

static unsigned int width = 1024;
module_param(width, uint, 0444);
MODULE_PARM_DESC(width, "Visible width in pixels (default 1024)");

static unsigned int height = 600;
module_param(height, uint, 0444);
MODULE_PARM_DESC(height, "Visible height in lines (default 600)");

static unsigned int bpp = 32;
module_param(bpp, uint, 0444);
MODULE_PARM_DESC(bpp, "Bits per pixel: 32 (XRGB8888, default) or 16 (RGB565)");

static unsigned int buffers = 2;
module_param(buffers, uint, 0444);
MODULE_PARM_DESC(buffers, "Buffers to allocate, 1..8 (default 2); fewer if memory is short");

static unsigned int refresh_hz = 60;
module_param(refresh_hz, uint, 0444);
MODULE_PARM_DESC(refresh_hz, "Refresh rate in Hz, 1..240 (default 60): the virtual back end's timer, the PL111's pixel clock");

static unsigned long long mem_base;
module_param(mem_base, ullong, 0444);
MODULE_PARM_DESC(mem_base, "Physical base of a reserved region for the buffers, e.g. a memmap= carve-out (default none)");

static unsigned long mem_size;
module_param(mem_size, ulong, 0444);
MODULE_PARM_DESC(mem_size, "Size in bytes of the reserved region (default 0: none)");

static int virtual = -1;
module_param(virtual, int, 0444);
MODULE_PARM_DESC(virtual, "Register a virtual display: 1 yes, 0 no, -1 (default) only if the device tree has no display fbmmap binds");

static struct platform_device *fbmmap_own_pdev;

/**
 * fbmmap_mode_from_params() - the mode the module parameters ask for
 * @dev: the bus device, for messages
 * @mode: filled in
 *
 * Return: 0, or -EINVAL (with a message) if fbmmap_mode_check() refuses
 * the parameters.
 */
int fbmmap_mode_from_params(struct device *dev, struct fbmmap_mode *mode)
{
	mode->width = width;
	mode->height = height;
	mode->bpp = bpp;
	mode->buffers = buffers;
	mode->refresh_hz = refresh_hz;
	return fbmmap_mode_check(dev, mode);
}

static int fbmmap_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct fbmmap_device *fdev;
	struct fbmmap_mode mode;
	void *priv;
	int ret;

	ret = fbmmap_mode_from_params(dev, &mode);
	if (ret)
		return ret;
	ret = dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return ret;
	priv = fbmmap_virtual_alloc(dev);
	if (!priv)
		return -ENOMEM;

	fdev = fbmmap_create(dev, &mode, &fbmmap_virtual_ops, priv,
			     (phys_addr_t)mem_base, mem_size);
	if (IS_ERR(fdev))
		return PTR_ERR(fdev);
	platform_set_drvdata(pdev, fdev);
	return 0;
}

static int fbmmap_remove(struct platform_device *pdev)
{
	fbmmap_unplug(platform_get_drvdata(pdev));
	return 0;
}

static const struct of_device_id fbmmap_of_match[] = {
	{ .compatible = "fbmmap,display" },
	{ }
};
MODULE_DEVICE_TABLE(of, fbmmap_of_match);

static struct platform_driver fbmmap_driver = {
	.probe = fbmmap_probe,
	.remove = fbmmap_remove,
	.driver = {
		.name = "fbmmap",
		.of_match_table = fbmmap_of_match,
		.dev_groups = fbmmap_groups,
	},
};

/* True if the device tree has an enabled node one of the drivers binds. */
static bool fbmmap_dt_has_display(void)
{
	static const struct of_device_id displays[] = {
		{ .compatible = "fbmmap,display" },
		{ .compatible = "arm,pl111" },
		{ }
	};
	struct device_node *np;

	for_each_matching_node(np, displays) {
		if (of_device_is_available(np)) {
			of_node_put(np);
			return true;
		}
	}
	return false;
}

static int __init fbmmap_init(void)
{
	struct platform_device_info pdevinfo = {
		.name = "fbmmap",
		.id = PLATFORM_DEVID_NONE,
		.dma_mask = DMA_BIT_MASK(32),
	};
	int ret;

	if (virtual < -1 || virtual > 1) {
		pr_err("fbmmap: virtual=%d: want -1, 0 or 1\n", virtual);
		return -EINVAL;
	}
	ret = platform_driver_register(&fbmmap_driver);
	if (ret)
		return ret;
	ret = fbmmap_pl111_register();
	if (ret)
		goto err_unregister_platform;

	if (virtual == 0 || (virtual < 0 && fbmmap_dt_has_display()))
		return 0;
	fbmmap_own_pdev = platform_device_register_full(&pdevinfo);
	if (IS_ERR(fbmmap_own_pdev)) {
		ret = PTR_ERR(fbmmap_own_pdev);
		fbmmap_own_pdev = NULL;
		goto err_unregister_amba;
	}
	return 0;

err_unregister_amba:
	fbmmap_pl111_unregister();
err_unregister_platform:
	platform_driver_unregister(&fbmmap_driver);
	return ret;
}
module_init(fbmmap_init);

static void __exit fbmmap_exit(void)
{
	platform_device_unregister(fbmmap_own_pdev);
	fbmmap_pl111_unregister();
	platform_driver_unregister(&fbmmap_driver);
}
module_exit(fbmmap_exit);

MODULE_DESCRIPTION("Framebuffer with write-combined mmap-able display memory");
MODULE_AUTHOR("fbmmap project");
MODULE_VERSION("0.1.0");
MODULE_LICENSE("GPL");
