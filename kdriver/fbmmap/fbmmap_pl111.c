// SPDX-License-Identifier: GPL-2.0
/*
 * fbmmap "pl111" back end: the ARM PrimeCell PL111 colour LCD controller,
 * bound as an AMBA device ("arm,pl111" in the device tree), as on ARM
 * Versatile Express boards.
 *
 * The controller scans out a TFT panel from UPBASE, the DMA address of the
 * buffer shown; 32 bpp is 24-bit colour in 32-bit words (XRGB8888 with the
 * BGR bit, which puts red in bits 23:16), 16 bpp is RGB565. UPBASE is
 * double-buffered: the controller copies it to its current-address
 * register at each frame start and then raises the "next base update"
 * (LNBU) interrupt, the vblank. A pan writes UPBASE at once; the next LNBU
 * says the frame start took it, and the core completes the flip there. A
 * write made in that interrupt would only be taken a frame later.
 *
 * The mode comes from the module parameters (width, height, bpp, buffers,
 * refresh_hz), with fbmmap's fixed blanking; the pixel clock is set from
 * them.
 */
#include <linux/amba/bus.h>
#include <linux/clk.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/of.h>

#include "fbmmap.h"

/* Registers (PL111 layout: control before the interrupt mask) */
#define PL111_TIM0		0x00
#define PL111_TIM1		0x04
#define PL111_TIM2		0x08
#define PL111_TIM3		0x0c
#define PL111_UPBASE		0x10
#define PL111_LPBASE		0x14
#define PL111_CNTL		0x18
#define PL111_IENB		0x1c
#define PL111_MIS		0x24
#define PL111_ICR		0x28

#define PL111_CNTL_EN		BIT(0)
#define PL111_CNTL_BPP_24	(5 << 1)
#define PL111_CNTL_BPP_16_565	(6 << 1)
#define PL111_CNTL_TFT		BIT(5)
#define PL111_CNTL_BGR		BIT(8)
#define PL111_CNTL_PWR		BIT(11)

#define PL111_TIM2_BCD		BIT(26)

#define PL111_IRQ_NEXTBASE	BIT(2)
#define PL111_IRQ_ALL		GENMASK(4, 1)

/* Largest mode the timing registers hold: 6-bit PPL (x16), 10-bit LPP */
#define PL111_MAX_WIDTH		1024
#define PL111_MAX_HEIGHT	1024

/* Panel power sequencing: the TRM's wait between enable and power */
#define PL111_POWER_DELAY_MS	20

/**
 * struct fbmmap_pl111 - one controller
 * @regs: its registers
 * @clk: the pixel clock ("clcdclk")
 * @irq: its combined interrupt
 * @fdev: the display, set when the back end is enabled
 * @cntl: control register value with the output off
 * @on: scanning out with the panel powered and the interrupt unmasked
 * @clk_on: @clk is prepared and enabled
 */
struct fbmmap_pl111 {
	void __iomem *regs;
	struct clk *clk;
	int irq;
	struct fbmmap_device *fdev;
	u32 cntl;
	bool on;
	bool clk_on;
};

static irqreturn_t fbmmap_pl111_irq(int irq, void *data)
{
	struct fbmmap_pl111 *pl = data;
	u32 status = readl(pl->regs + PL111_MIS);

	if (!status)
		return IRQ_NONE;
	writel(status, pl->regs + PL111_ICR);
	if (status & PL111_IRQ_NEXTBASE)
		fbmmap_vblank(pl->fdev, 1);
	return IRQ_HANDLED;
}

static void fbmmap_pl111_power_on(struct fbmmap_pl111 *pl)
{
	if (pl->on)
		return;
	writel(pl->cntl | PL111_CNTL_EN, pl->regs + PL111_CNTL);
	msleep(PL111_POWER_DELAY_MS);
	writel(pl->cntl | PL111_CNTL_EN | PL111_CNTL_PWR,
	       pl->regs + PL111_CNTL);
	writel(PL111_IRQ_ALL, pl->regs + PL111_ICR);
	writel(PL111_IRQ_NEXTBASE, pl->regs + PL111_IENB);
	pl->on = true;
}

/* After this no interrupt handler runs and none is pending. */
static void fbmmap_pl111_power_off(struct fbmmap_pl111 *pl)
{
	if (!pl->on)
		return;
	writel(0, pl->regs + PL111_IENB);
	writel(pl->cntl | PL111_CNTL_EN, pl->regs + PL111_CNTL);
	msleep(PL111_POWER_DELAY_MS);
	writel(pl->cntl, pl->regs + PL111_CNTL);
	synchronize_irq(pl->irq);
	writel(PL111_IRQ_ALL, pl->regs + PL111_ICR);
	pl->on = false;
}

static void fbmmap_pl111_set_timings(struct fbmmap_pl111 *pl,
				     const struct fbmmap_mode *mode)
{
	u32 tim0, tim1, tim2;

	tim0 = ((mode->width / 16 - 1) << 2) |
	       ((FBMMAP_HSYNC - 1) << 8) |
	       ((FBMMAP_HFP - 1) << 16) |
	       ((FBMMAP_HBP - 1) << 24);
	tim1 = (mode->height - 1) |
	       ((FBMMAP_VSYNC - 1) << 10) |
	       (FBMMAP_VFP << 16) |
	       (FBMMAP_VBP << 24);
	/* the pixel clock is set to the pixel rate: bypass the divider */
	tim2 = PL111_TIM2_BCD | ((mode->width - 1) << 16);
	writel(tim0, pl->regs + PL111_TIM0);
	writel(tim1, pl->regs + PL111_TIM1);
	writel(tim2, pl->regs + PL111_TIM2);
	writel(0, pl->regs + PL111_TIM3);
}

static int fbmmap_pl111_enable(struct fbmmap_device *fdev, dma_addr_t dma)
{
	struct fbmmap_pl111 *pl = fdev->priv;
	int ret;

	if (upper_32_bits(dma + fdev->mem.size - 1)) {
		dev_err(fdev->dev, "buffer at %pad is out of the controller's 32-bit reach\n",
			&dma);
		return -EINVAL;
	}
	ret = clk_prepare_enable(pl->clk);
	if (ret)
		return ret;
	pl->clk_on = true;
	pl->fdev = fdev;
	pl->cntl = PL111_CNTL_TFT | PL111_CNTL_BGR |
		   (fdev->mode.bpp == 16 ? PL111_CNTL_BPP_16_565 :
					   PL111_CNTL_BPP_24);
	fbmmap_pl111_set_timings(pl, &fdev->mode);
	writel(lower_32_bits(dma), pl->regs + PL111_UPBASE);
	writel(0, pl->regs + PL111_LPBASE);
	fbmmap_pl111_power_on(pl);
	return 0;
}

static void fbmmap_pl111_disable(struct fbmmap_device *fdev)
{
	struct fbmmap_pl111 *pl = fdev->priv;

	fbmmap_pl111_power_off(pl);
	if (pl->clk_on)
		clk_disable_unprepare(pl->clk);
	pl->clk_on = false;
}

/* Called when user space pans, with the core's lock held: one write. */
static void fbmmap_pl111_set_scanout(struct fbmmap_device *fdev,
				     dma_addr_t dma)
{
	struct fbmmap_pl111 *pl = fdev->priv;

	writel(lower_32_bits(dma), pl->regs + PL111_UPBASE);
}

/* Any blank mode powers the panel down and stops its interrupts. */
static int fbmmap_pl111_blank(struct fbmmap_device *fdev, int blank_mode)
{
	struct fbmmap_pl111 *pl = fdev->priv;

	if (blank_mode == FB_BLANK_UNBLANK)
		fbmmap_pl111_power_on(pl);
	else
		fbmmap_pl111_power_off(pl);
	return 0;
}

static const struct fbmmap_backend_ops fbmmap_pl111_ops = {
	.name		= "pl111",
	.enable		= fbmmap_pl111_enable,
	.disable	= fbmmap_pl111_disable,
	.set_scanout	= fbmmap_pl111_set_scanout,
	.blank		= fbmmap_pl111_blank,
};

/* What the controller and the device tree allow of the wanted mode. */
static int fbmmap_pl111_check_mode(struct device *dev,
				   const struct fbmmap_mode *mode)
{
	u64 bytes_per_s = (u64)mode->width * mode->height * (mode->bpp / 8) *
			  mode->refresh_hz;
	u32 bandwidth;

	if (mode->width % 16 || mode->width > PL111_MAX_WIDTH ||
	    mode->height > PL111_MAX_HEIGHT) {
		dev_err(dev, "%ux%u: the PL111 needs a width that is a multiple of 16, at most %ux%u\n",
			mode->width, mode->height, PL111_MAX_WIDTH,
			PL111_MAX_HEIGHT);
		return -EINVAL;
	}
	if (!of_property_read_u32(dev->of_node, "max-memory-bandwidth",
				  &bandwidth) && bytes_per_s > bandwidth)
		dev_warn(dev, "mode needs %llu bytes/s, the device tree allows %u: a real panel may underflow\n",
			 bytes_per_s, bandwidth);
	return 0;
}

static int fbmmap_pl111_probe(struct amba_device *adev,
			      const struct amba_id *id)
{
	struct device *dev = &adev->dev;
	struct fbmmap_device *fdev;
	struct fbmmap_pl111 *pl;
	struct fbmmap_mode mode;
	unsigned long pixel_rate;
	int ret;

	ret = fbmmap_mode_from_params(dev, &mode);
	if (ret)
		return ret;
	ret = fbmmap_pl111_check_mode(dev, &mode);
	if (ret)
		return ret;
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return ret;

	pl = devm_kzalloc(dev, sizeof(*pl), GFP_KERNEL);
	if (!pl)
		return -ENOMEM;
	pl->regs = devm_ioremap_resource(dev, &adev->res);
	if (IS_ERR(pl->regs))
		return PTR_ERR(pl->regs);
	pl->clk = devm_clk_get(dev, "clcdclk");
	if (IS_ERR(pl->clk))
		return dev_err_probe(dev, PTR_ERR(pl->clk),
				     "no pixel clock\n");
	pixel_rate = (unsigned long)(mode.width + FBMMAP_HBLANK) *
		     (mode.height + FBMMAP_VBLANK) * mode.refresh_hz;
	ret = clk_set_rate(pl->clk, pixel_rate);
	if (ret)
		dev_warn(dev, "pixel clock not set to %lu Hz (%d), it runs at %lu Hz\n",
			 pixel_rate, ret, clk_get_rate(pl->clk));

	/* Quiet until the core enables it: masked, cleared, switched off. */
	writel(0, pl->regs + PL111_IENB);
	writel(PL111_IRQ_ALL, pl->regs + PL111_ICR);
	writel(0, pl->regs + PL111_CNTL);
	pl->irq = adev->irq[0];
	ret = devm_request_irq(dev, pl->irq, fbmmap_pl111_irq, 0,
			       dev_name(dev), pl);
	if (ret)
		return dev_err_probe(dev, ret, "cannot request irq %d\n",
				     pl->irq);

	fdev = fbmmap_create(dev, &mode, &fbmmap_pl111_ops, pl, 0, 0);
	if (IS_ERR(fdev))
		return PTR_ERR(fdev);
	amba_set_drvdata(adev, fdev);
	return 0;
}

static void fbmmap_pl111_remove(struct amba_device *adev)
{
	fbmmap_unplug(amba_get_drvdata(adev));
}

static const struct amba_id fbmmap_pl111_ids[] = {
	{ .id = 0x00041111, .mask = 0x000fffff },
	{ }
};
MODULE_DEVICE_TABLE(amba, fbmmap_pl111_ids);

static struct amba_driver fbmmap_pl111_driver = {
	.drv = {
		.name = "fbmmap-pl111",
		.dev_groups = fbmmap_groups,
	},
	.id_table = fbmmap_pl111_ids,
	.probe = fbmmap_pl111_probe,
	.remove = fbmmap_pl111_remove,
};

/**
 * fbmmap_pl111_register() - register the PL111 AMBA driver
 *
 * Return: 0, or the error of amba_driver_register().
 */
int fbmmap_pl111_register(void)
{
	return amba_driver_register(&fbmmap_pl111_driver);
}

/**
 * fbmmap_pl111_unregister() - unregister it; unbinds every controller
 */
void fbmmap_pl111_unregister(void)
{
	amba_driver_unregister(&fbmmap_pl111_driver);
}
