/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbmmap - fbdev driver with write-combined, mmap-able display memory.
 *
 * Internal interface between the display core (fb_info, fb_ops, memory,
 * vblank accounting) and a display back end (the hardware, or a timer).
 */
#ifndef FBMMAP_H
#define FBMMAP_H

#include <linux/fb.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

struct fbmmap_device;

/**
 * struct fbmmap_mode - the display mode a back end drives
 * @width: visible pixels per line
 * @height: visible lines
 * @bpp: bits per pixel (16 = RGB565, 32 = XRGB8888)
 * @refresh_hz: frames per second
 * @buffers: buffers wanted; fewer may be granted if memory is short
 */
struct fbmmap_mode {
	u32 width;
	u32 height;
	u32 bpp;
	u32 refresh_hz;
	u32 buffers;
};

/**
 * struct fbmmap_backend_ops - what a display back end provides
 * @name: short name, shown in the log and in sysfs
 * @enable: start scanning out at @dma and raising vblanks, which the back
 *	end reports by calling fbmmap_vblank(). May sleep.
 * @disable: stop scanning out and stop calling fbmmap_vblank(); when it
 *	returns no fbmmap_vblank() call may be running. May sleep.
 * @set_scanout: scan out from @dma from the next frame start on. Called
 *	when user space pans (atomic context, with the core's vblank lock
 *	held): one register write, no sleeping, no waiting.
 * @blank: optional; apply an fbdev blank mode (FB_BLANK_*). Modes that
 *	stop vsync (FB_BLANK_VSYNC_SUSPEND, FB_BLANK_POWERDOWN) should stop
 *	fbmmap_vblank() calls until unblanked, as a powered-down controller
 *	would. May sleep.
 *
 * A hardware back end (e.g. an LCD controller found through the device
 * tree or the AMBA bus) implements these with its registers and calls
 * fbmmap_vblank() from its interrupt handler, once per frame start at
 * which the controller took the address @set_scanout last wrote: the core
 * counts a pan as shown at the first vblank after it (fbmmap_latch()).
 *
 * Ordering rule: a back end publishes a scanout address (in @enable and
 * @set_scanout) with writel(), never writel_relaxed(). The core issues
 * wmb() when user space pans, after the client's writes to the buffer
 * (through its write-combined mapping), and writel()'s own barrier keeps
 * the register write behind every earlier memory write, so the controller
 * never fetches a frame the CPU has not finished writing.
 */
struct fbmmap_backend_ops {
	const char *name;
	int (*enable)(struct fbmmap_device *fdev, dma_addr_t dma);
	void (*disable)(struct fbmmap_device *fdev);
	void (*set_scanout)(struct fbmmap_device *fdev, dma_addr_t dma);
	int (*blank)(struct fbmmap_device *fdev, int blank_mode);
};

/**
 * struct fbmmap_mem - the display memory
 * @owner: the device the memory is allocated for (dma_alloc_wc() memory
 *	only): a private device with the bus device's DMA configuration and
 *	device-tree pool, which lives as long as the memory does, so freeing
 *	after the bus device was unbound uses the configuration it was
 *	allocated with, and a rebind never shares a pool about to be released
 * @vaddr: kernel address of the buffers
 * @dma: device address of the first buffer
 * @phys: physical address (reserved region only)
 * @size: bytes allocated, page aligned
 * @region: true if the memory is the reserved region given by parameters
 *	(memremap()ed), false if it came from dma_alloc_wc()
 * @of_pool: @owner has the bus device's device-tree memory-region as its
 *	coherent pool, released with the memory
 */
struct fbmmap_mem {
	struct device *owner;
	void *vaddr;
	dma_addr_t dma;
	phys_addr_t phys;
	size_t size;
	bool region;
	bool of_pool;
};

/**
 * struct fbmmap_device - one display; lives in fb_info->par
 * @dev: the bus device (platform or AMBA); only valid while bound
 * @info: the framebuffer
 * @ops: the back end
 * @priv: back-end private data
 * @mode: the mode in use (buffers = buffers granted)
 * @mem: the display memory; freed in fb_destroy only
 * @frame_size: bytes of one buffer (line_length * height)
 * @pseudo_palette: truecolor palette for the framebuffer console
 * @backend_lock: serialises the sleeping back-end calls (blank, disable)
 * @lock: protects the fields below
 * @vblank_count: vblanks seen
 * @flip_count: pans that reached the screen
 * @missed_flips: pans replaced by a newer pan before any vblank showed them
 * @scanout_offset: byte offset of the buffer being scanned out
 * @pending_offset: offset programmed by pan_display, shown from the next
 *	vblank
 * @flip_pending: @pending_offset is valid
 * @enabled: the back end is running
 * @vblank_wq: woken at each vblank and when the device goes away
 * @gone: the bus device was unbound; the fb_info lives on until its last
 *	user closes it
 * @blanked: output is blanked
 */
struct fbmmap_device {
	struct device *dev;
	struct fb_info *info;
	const struct fbmmap_backend_ops *ops;
	void *priv;
	struct fbmmap_mode mode;
	struct fbmmap_mem mem;
	size_t frame_size;
	u32 pseudo_palette[16];
	struct mutex backend_lock; /* back-end blank vs. disable */

	spinlock_t lock; /* vblank state: taken from the vblank irq */
	u64 vblank_count;
	u64 flip_count;
	u64 missed_flips;
	u32 scanout_offset;
	u32 pending_offset;
	bool flip_pending;
	bool enabled;
	wait_queue_head_t vblank_wq;
	bool gone;
	bool blanked;
};

/*
 * The blanking of every mode, in pixels and lines: what the var reports
 * and what a hardware back end programs.
 */
#define FBMMAP_HFP		40
#define FBMMAP_HSYNC		40
#define FBMMAP_HBP		80
#define FBMMAP_HBLANK		(FBMMAP_HFP + FBMMAP_HSYNC + FBMMAP_HBP)
#define FBMMAP_VFP		10
#define FBMMAP_VSYNC		5
#define FBMMAP_VBP		20
#define FBMMAP_VBLANK		(FBMMAP_VFP + FBMMAP_VSYNC + FBMMAP_VBP)

/* Limits of any mode; a back end may have narrower ones. */
#define FBMMAP_MIN_DIM		16
#define FBMMAP_MAX_DIM		4096
#define FBMMAP_MAX_BUFFERS	8
#define FBMMAP_MAX_REFRESH	240

/* fbmmap_main.c: the mode the module parameters ask for */
int fbmmap_mode_from_params(struct device *dev, struct fbmmap_mode *mode);

/* fbmmap_fb.c: the display core */
int fbmmap_mode_check(struct device *dev, const struct fbmmap_mode *mode);
struct fbmmap_device *fbmmap_create(struct device *dev,
				    const struct fbmmap_mode *mode,
				    const struct fbmmap_backend_ops *ops,
				    void *priv, phys_addr_t mem_base,
				    size_t mem_size);
void fbmmap_unplug(struct fbmmap_device *fdev);
void fbmmap_vblank(struct fbmmap_device *fdev, unsigned int count);

/* fbmmap_mem.c: display memory */
int fbmmap_mem_alloc(struct fbmmap_device *fdev, phys_addr_t mem_base,
		     size_t mem_size);
void fbmmap_mem_free(struct fbmmap_device *fdev);
int fbmmap_mem_mmap(struct fbmmap_device *fdev, struct vm_area_struct *vma);

/* fbmmap_sysfs.c: counters */
extern const struct attribute_group *fbmmap_groups[];

/* fbmmap_virtual.c: the timer back end */
extern const struct fbmmap_backend_ops fbmmap_virtual_ops;
void *fbmmap_virtual_alloc(struct device *dev);

/* fbmmap_pl111.c: the ARM PrimeCell PL111 LCD controller, on AMBA buses */
#if IS_ENABLED(CONFIG_ARM_AMBA)
int fbmmap_pl111_register(void);
void fbmmap_pl111_unregister(void);
#else
static inline int fbmmap_pl111_register(void)
{
	return 0;
}

static inline void fbmmap_pl111_unregister(void)
{
}
#endif

#endif /* FBMMAP_H */
