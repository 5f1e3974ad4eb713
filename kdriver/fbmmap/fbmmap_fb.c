// SPDX-License-Identifier: GPL-2.0
/*
 * fbmmap display core: the fb_info, its fb_ops and vblank accounting.
 *
 * The core owns the framebuffer and its memory; a back end (fbmmap.h)
 * owns the scanout hardware or the timer that stands in for it. The
 * display memory belongs to the fb_info and is freed in fb_destroy(),
 * when the last user of the framebuffer is gone, which may be long after
 * the bus device was unbound.
 */
#include <linux/compat.h>
#include <linux/device.h>
#include <linux/fb.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "fbmmap.h"

/* FBIO_WAITFORVSYNC gives up after this many frames, or 100 ms */
#define FBMMAP_VSYNC_TIMEOUT_FRAMES	4
#define FBMMAP_VSYNC_TIMEOUT_MIN_MS	100

static void fbmmap_set_format(const struct fbmmap_mode *mode,
			      struct fb_var_screeninfo *var)
{
	var->bits_per_pixel = mode->bpp;
	var->grayscale = 0;
	var->nonstd = 0;
	memset(&var->transp, 0, sizeof(var->transp));
	if (mode->bpp == 16) {
		var->red = (struct fb_bitfield){ .offset = 11, .length = 5 };
		var->green = (struct fb_bitfield){ .offset = 5, .length = 6 };
		var->blue = (struct fb_bitfield){ .offset = 0, .length = 5 };
	} else {
		var->red = (struct fb_bitfield){ .offset = 16, .length = 8 };
		var->green = (struct fb_bitfield){ .offset = 8, .length = 8 };
		var->blue = (struct fb_bitfield){ .offset = 0, .length = 8 };
	}
}

static void fbmmap_set_timings(const struct fbmmap_mode *mode,
			       struct fb_var_screeninfo *var)
{
	u64 pixels = (u64)(mode->width + FBMMAP_HBLANK) *
		     (mode->height + FBMMAP_VBLANK) * mode->refresh_hz;

	var->pixclock = (u32)div64_u64(1000000000000ULL, pixels);
	var->left_margin = FBMMAP_HBP;
	var->right_margin = FBMMAP_HFP;
	var->hsync_len = FBMMAP_HSYNC;
	var->upper_margin = FBMMAP_VBP;
	var->lower_margin = FBMMAP_VFP;
	var->vsync_len = FBMMAP_VSYNC;
	var->sync = 0;
	var->vmode = FB_VMODE_NONINTERLACED;
	var->rotate = 0;
}

static void fbmmap_init_var(struct fbmmap_device *fdev)
{
	struct fb_var_screeninfo *var = &fdev->info->var;
	const struct fbmmap_mode *mode = &fdev->mode;

	memset(var, 0, sizeof(*var));
	var->xres = mode->width;
	var->yres = mode->height;
	var->xres_virtual = mode->width;
	var->yres_virtual = mode->height * mode->buffers;
	var->activate = FB_ACTIVATE_NOW;
	var->height = -1;
	var->width = -1;
	fbmmap_set_format(mode, var);
	fbmmap_set_timings(mode, var);
}

static void fbmmap_init_fix(struct fbmmap_device *fdev)
{
	struct fb_fix_screeninfo *fix = &fdev->info->fix;

	memset(fix, 0, sizeof(*fix));
	strscpy(fix->id, "fbmmap", sizeof(fix->id));
	fix->smem_start = fdev->mem.region ? fdev->mem.phys : fdev->mem.dma;
	fix->smem_len = fdev->mem.size;
	fix->type = FB_TYPE_PACKED_PIXELS;
	fix->visual = FB_VISUAL_TRUECOLOR;
	fix->xpanstep = 0;
	fix->ypanstep = 1;
	fix->ywrapstep = 0;
	fix->line_length = fdev->mode.width * (fdev->mode.bpp / 8);
	fix->accel = FB_ACCEL_NONE;
}

/**
 * fbmmap_check_var() - validate and adjust a requested var
 * @var: the request; adjusted in place
 * @info: the framebuffer; not modified
 *
 * The resolution and depth are fixed by the module parameters; only the
 * virtual height (1 .. buffers frames) and the pan offset may change.
 *
 * Return: 0 if @var (as adjusted) can be set, -EINVAL otherwise.
 */
static int fbmmap_check_var(struct fb_var_screeninfo *var,
			    struct fb_info *info)
{
	struct fbmmap_device *fdev = info->par;
	const struct fbmmap_mode *mode = &fdev->mode;

	if (var->bits_per_pixel != mode->bpp || var->xres != mode->width ||
	    var->yres != mode->height)
		return -EINVAL;
	if (var->xres_virtual > mode->width)
		return -EINVAL;
	var->xres_virtual = mode->width;
	if (var->yres_virtual > mode->height * mode->buffers)
		return -EINVAL;
	if (var->yres_virtual < mode->height)
		var->yres_virtual = mode->height;
	if (var->xoffset ||
	    var->yoffset > var->yres_virtual - var->yres)
		return -EINVAL;
	fbmmap_set_format(mode, var);
	fbmmap_set_timings(mode, var);
	return 0;
}

/**
 * fbmmap_latch() - program a new scanout offset; the flip completes later
 * @fdev: the display
 * @yoffset: the first line to show
 *
 * The rule, as drm/pl111 has it: a scanout controller takes its base
 * address at the start of each frame and then raises its vblank (on the
 * PL111, the "next base update" interrupt: LCDUPBASE has just been copied
 * to the current-address register, and a write from now on is only taken
 * at the next frame). So a pan writes the address to the back end at once
 * (->set_scanout()), and the flip is complete at the next vblank the back
 * end reports (fbmmap_vblank()): that vblank is the frame start that took
 * it. Writing the address only from the vblank handler would show it one
 * frame after the vblank that counted the flip done, while the client
 * already draws into the buffer still on screen: tearing.
 *
 * A pan before that vblank replaces the programmed address and counts as
 * a missed flip. Residual race, shared with drm/pl111: an address written
 * between the controller's frame start and its interrupt handler is counted
 * as shown one frame early.
 *
 * Once the back end is disabled nothing is programmed; the offset is only
 * recorded.
 */
static void fbmmap_latch(struct fbmmap_device *fdev, u32 yoffset)
{
	u32 offset = yoffset * fdev->info->fix.line_length;
	unsigned long flags;

	spin_lock_irqsave(&fdev->lock, flags);
	if (fdev->flip_pending)
		fdev->missed_flips++;
	fdev->pending_offset = offset;
	fdev->flip_pending = true;
	if (fdev->enabled)
		fdev->ops->set_scanout(fdev, fdev->mem.dma + offset);
	spin_unlock_irqrestore(&fdev->lock, flags);
}

/*
 * fb_set_var() pans to the new var's offset right after this, so the
 * offset is programmed there, once: programming it here too would count
 * every FBIOPUT_VSCREENINFO as a missed flip.
 */
static int fbmmap_set_par(struct fb_info *info)
{
	fbmmap_init_fix(info->par);
	return 0;
}

static u32 fbmmap_chan(u32 chan, const struct fb_bitfield *bf)
{
	return ((chan & 0xffff) >> (16 - bf->length)) << bf->offset;
}

static int fbmmap_setcolreg(unsigned int regno, unsigned int red,
			    unsigned int green, unsigned int blue,
			    unsigned int transp, struct fb_info *info)
{
	struct fbmmap_device *fdev = info->par;
	const struct fb_var_screeninfo *var = &info->var;

	if (regno >= ARRAY_SIZE(fdev->pseudo_palette))
		return -EINVAL;
	fdev->pseudo_palette[regno] = fbmmap_chan(red, &var->red) |
				      fbmmap_chan(green, &var->green) |
				      fbmmap_chan(blue, &var->blue);
	return 0;
}

/**
 * fbmmap_pan_display() - pan to a new scanout offset
 * @var: the requested offsets (already range-checked by fbmem)
 * @info: the framebuffer
 *
 * The offset reaches the back end at once and the screen at the next
 * frame start, reported by the next vblank (fbmmap_latch()). A pan
 * replacing one that no vblank has shown yet counts as a missed flip.
 *
 * Return: 0, or -EINVAL for an offset outside the virtual screen.
 */
static int fbmmap_pan_display(struct fb_var_screeninfo *var,
			      struct fb_info *info)
{
	struct fbmmap_device *fdev = info->par;

	if (var->xoffset || (var->vmode & FB_VMODE_YWRAP) ||
	    var->yoffset > info->var.yres_virtual - info->var.yres)
		return -EINVAL;
	/*
	 * The client's writes to the buffer, buffered by its write-combined
	 * mapping, must reach memory before the back end publishes the new
	 * address (fbmmap.h, ordering rule).
	 */
	wmb();
	fbmmap_latch(fdev, var->yoffset);
	return 0;
}

static int fbmmap_blank(int blank_mode, struct fb_info *info)
{
	struct fbmmap_device *fdev = info->par;
	int ret = 0;

	mutex_lock(&fdev->backend_lock);
	if (fdev->gone)
		ret = -ENODEV;
	else if (fdev->ops->blank)
		ret = fdev->ops->blank(fdev, blank_mode);
	if (!ret)
		fdev->blanked = blank_mode != FB_BLANK_UNBLANK;
	mutex_unlock(&fdev->backend_lock);
	return ret;
}

static bool fbmmap_vblank_passed(struct fbmmap_device *fdev, u64 seq)
{
	unsigned long flags;
	bool passed;

	spin_lock_irqsave(&fdev->lock, flags);
	passed = fdev->vblank_count != seq || fdev->gone;
	spin_unlock_irqrestore(&fdev->lock, flags);
	return passed;
}

/**
 * fbmmap_wait_vblank() - sleep until the next vblank
 * @fdev: the display
 *
 * Return: 0 after a vblank, -ETIMEDOUT if none came within
 * FBMMAP_VSYNC_TIMEOUT_FRAMES frames (at least 100 ms), -ENODEV if the
 * display is gone, -ERESTARTSYS on a signal.
 */
static int fbmmap_wait_vblank(struct fbmmap_device *fdev)
{
	unsigned int ms = FBMMAP_VSYNC_TIMEOUT_FRAMES * 1000 /
			  fdev->mode.refresh_hz;
	long ret;
	u64 seq;

	spin_lock_irq(&fdev->lock);
	seq = fdev->vblank_count;
	if (fdev->gone || !fdev->enabled) {
		spin_unlock_irq(&fdev->lock);
		return -ENODEV;
	}
	spin_unlock_irq(&fdev->lock);

	ms = max_t(unsigned int, ms, FBMMAP_VSYNC_TIMEOUT_MIN_MS);
	ret = wait_event_interruptible_timeout(fdev->vblank_wq,
					       fbmmap_vblank_passed(fdev, seq),
					       msecs_to_jiffies(ms));
	if (ret < 0)
		return ret;
	if (!ret)
		return -ETIMEDOUT;
	return READ_ONCE(fdev->gone) ? -ENODEV : 0;
}

/**
 * fbmmap_get_vblank() - FBIOGET_VBLANK: the vblank counter
 * @fdev: the display
 * @argp: the caller's struct fb_vblank
 *
 * Reports only what the driver knows: FB_VBLANK_HAVE_COUNT and the low 32
 * bits of the vblank counter; the scanline, the scan position and the
 * vblank/vsync state are unknown and left 0. A client that reads the count
 * right after FBIOPAN_DISPLAY knows, once it has advanced, that the flip
 * has completed (fbmmap_latch()), without sleeping in FBIO_WAITFORVSYNC.
 *
 * Return: 0, -ENODEV if the display is gone, -EFAULT for a bad pointer.
 */
static int fbmmap_get_vblank(struct fbmmap_device *fdev,
			     struct fb_vblank __user *argp)
{
	struct fb_vblank vblank = { .flags = FB_VBLANK_HAVE_COUNT };
	bool gone;

	spin_lock_irq(&fdev->lock);
	vblank.count = lower_32_bits(fdev->vblank_count);
	gone = fdev->gone || !fdev->enabled;
	spin_unlock_irq(&fdev->lock);
	if (gone)
		return -ENODEV;
	if (copy_to_user(argp, &vblank, sizeof(vblank)))
		return -EFAULT;
	return 0;
}

static int fbmmap_ioctl(struct fb_info *info, unsigned int cmd,
			unsigned long arg)
{
	struct fbmmap_device *fdev = info->par;
	u32 crtc;

	switch (cmd) {
	case FBIO_WAITFORVSYNC:
		if (get_user(crtc, (u32 __user *)arg))
			return -EFAULT;
		if (crtc)
			return -EINVAL;
		return fbmmap_wait_vblank(fdev);
	case FBIOGET_VBLANK:
		return fbmmap_get_vblank(fdev, (struct fb_vblank __user *)arg);
	default:
		return -ENOTTY;
	}
}

#ifdef CONFIG_COMPAT
static int fbmmap_compat_ioctl(struct fb_info *info, unsigned int cmd,
			       unsigned long arg)
{
	return fbmmap_ioctl(info, cmd, (unsigned long)compat_ptr(arg));
}
#endif

static int fbmmap_fb_mmap(struct fb_info *info, struct vm_area_struct *vma)
{
	return fbmmap_mem_mmap(info->par, vma);
}

/**
 * fbmmap_fb_read() - read() of the display memory
 * @info: the framebuffer
 * @buf: user buffer
 * @count: bytes wanted
 * @ppos: file position, advanced by the bytes read
 *
 * A read that crosses the end of the memory returns the bytes before it;
 * at or past the end it returns 0.
 *
 * Return: bytes read, or -EFAULT if none could be copied.
 */
static ssize_t fbmmap_fb_read(struct fb_info *info, char __user *buf,
			      size_t count, loff_t *ppos)
{
	size_t size = info->screen_size;
	loff_t pos = *ppos;
	size_t left;

	if (info->state != FBINFO_STATE_RUNNING)
		return -EPERM;
	if (pos < 0)
		return -EINVAL;
	if (pos >= size || !count)
		return 0;
	count = min_t(size_t, count, size - pos);
	left = copy_to_user(buf, info->screen_buffer + pos, count);
	if (left == count)
		return -EFAULT;
	*ppos = pos + count - left;
	return count - left;
}

/**
 * fbmmap_fb_write() - write() to the display memory
 * @info: the framebuffer
 * @buf: user data
 * @count: bytes offered
 * @ppos: file position, advanced by the bytes written
 *
 * As POSIX and mainline fbdev (since 6.5) have it: a write that crosses
 * the end of the memory writes what fits and returns that count; a write
 * at the end returns -ENOSPC, one starting past it -EFBIG.
 *
 * Return: bytes written, or a negative error as above, or -EFAULT if
 * nothing could be copied.
 */
static ssize_t fbmmap_fb_write(struct fb_info *info, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	size_t size = info->screen_size;
	loff_t pos = *ppos;
	size_t left;

	if (info->state != FBINFO_STATE_RUNNING)
		return -EPERM;
	if (pos < 0)
		return -EINVAL;
	if (pos > size)
		return -EFBIG;
	if (!count)
		return 0;
	if (pos == size)
		return -ENOSPC;
	count = min_t(size_t, count, size - pos);
	left = copy_from_user(info->screen_buffer + pos, buf, count);
	if (left == count)
		return -EFAULT;
	*ppos = pos + count - left;
	return count - left;
}

/*
 * The last reference to the fb_info is gone: no open file, no mapping.
 * Only now may the display memory go.
 */
static void fbmmap_fb_destroy(struct fb_info *info)
{
	struct fbmmap_device *fdev = info->par;
	struct device *dev = fdev->dev;

	fbmmap_mem_free(fdev);
	fb_dealloc_cmap(&info->cmap);
	framebuffer_release(info);
	put_device(dev);
}

static const struct fb_ops fbmmap_fb_ops = {
	.owner		= THIS_MODULE,
	.fb_destroy	= fbmmap_fb_destroy,
	.fb_check_var	= fbmmap_check_var,
	.fb_set_par	= fbmmap_set_par,
	.fb_setcolreg	= fbmmap_setcolreg,
	.fb_pan_display	= fbmmap_pan_display,
	.fb_blank	= fbmmap_blank,
	.fb_ioctl	= fbmmap_ioctl,
#ifdef CONFIG_COMPAT
	.fb_compat_ioctl = fbmmap_compat_ioctl,
#endif
	.fb_mmap	= fbmmap_fb_mmap,
	.fb_read	= fbmmap_fb_read,
	.fb_write	= fbmmap_fb_write,
	.fb_fillrect	= sys_fillrect,
	.fb_copyarea	= sys_copyarea,
	.fb_imageblit	= sys_imageblit,
};

/**
 * fbmmap_vblank() - report vblanks; called by the back end
 * @fdev: the display
 * @count: vblanks since the last call (more than 1 if some were missed)
 *
 * A vblank is a frame start at which the back end took the scanout
 * address it was last given, so a pan programmed before it is now on
 * screen: the flip completes here (fbmmap_latch() explains the rule).
 * Wakes FBIO_WAITFORVSYNC sleepers. Any context.
 */
void fbmmap_vblank(struct fbmmap_device *fdev, unsigned int count)
{
	unsigned long flags;

	spin_lock_irqsave(&fdev->lock, flags);
	fdev->vblank_count += count;
	if (fdev->flip_pending && fdev->enabled) {
		fdev->scanout_offset = fdev->pending_offset;
		fdev->flip_pending = false;
		fdev->flip_count++;
	}
	spin_unlock_irqrestore(&fdev->lock, flags);
	wake_up_all(&fdev->vblank_wq);
}

/**
 * fbmmap_mode_check() - refuse a mode the core cannot serve
 * @dev: the bus device, for messages
 * @mode: the mode a back end or the module parameters ask for
 *
 * Checks what every back end needs: sizes within FBMMAP_MIN_DIM ..
 * FBMMAP_MAX_DIM, 16 or 32 bpp, 1 .. FBMMAP_MAX_BUFFERS buffers, a refresh
 * rate of 1 .. FBMMAP_MAX_REFRESH Hz, and a total size that fits a size_t
 * and the u32 offsets of the pan latch. A back end checks its own limits
 * (a controller's largest mode) before.
 *
 * Return: 0, or -EINVAL with a message saying what is wrong.
 */
int fbmmap_mode_check(struct device *dev, const struct fbmmap_mode *mode)
{
	size_t bytes;

	if (mode->width < FBMMAP_MIN_DIM || mode->width > FBMMAP_MAX_DIM ||
	    mode->height < FBMMAP_MIN_DIM || mode->height > FBMMAP_MAX_DIM) {
		dev_err(dev, "size %ux%u out of range %u..%u\n", mode->width,
			mode->height, FBMMAP_MIN_DIM, FBMMAP_MAX_DIM);
		return -EINVAL;
	}
	if (mode->bpp != 16 && mode->bpp != 32) {
		dev_err(dev, "bpp %u unsupported (16 or 32)\n", mode->bpp);
		return -EINVAL;
	}
	if (mode->buffers < 1 || mode->buffers > FBMMAP_MAX_BUFFERS) {
		dev_err(dev, "buffers %u out of range 1..%u\n",
			mode->buffers, FBMMAP_MAX_BUFFERS);
		return -EINVAL;
	}
	if (mode->refresh_hz < 1 || mode->refresh_hz > FBMMAP_MAX_REFRESH) {
		dev_err(dev, "refresh_hz %u out of range 1..%u\n",
			mode->refresh_hz, FBMMAP_MAX_REFRESH);
		return -EINVAL;
	}
	if (check_mul_overflow((size_t)mode->width * (mode->bpp / 8),
			       (size_t)mode->height * mode->buffers, &bytes) ||
	    bytes > U32_MAX) {
		dev_err(dev, "%u buffers of %ux%u at %u bpp do not fit\n",
			mode->buffers, mode->width, mode->height, mode->bpp);
		return -EINVAL;
	}
	return 0;
}

/**
 * fbmmap_create() - allocate the memory, start the back end, register
 * @dev: the bus device; referenced until the fb_info is destroyed
 * @mode: the wanted mode; fewer buffers may be granted
 * @ops: the back end
 * @priv: back-end data, valid until @ops->disable returns
 * @mem_base: physical base of a reserved region for the buffers, or 0
 * @mem_size: size of that region, or 0 for none
 *
 * Return: the display, or an ERR_PTR().
 */
struct fbmmap_device *fbmmap_create(struct device *dev,
				    const struct fbmmap_mode *mode,
				    const struct fbmmap_backend_ops *ops,
				    void *priv, phys_addr_t mem_base,
				    size_t mem_size)
{
	struct fbmmap_device *fdev;
	struct fb_info *info;
	int ret;

	ret = fbmmap_mode_check(dev, mode);
	if (ret)
		return ERR_PTR(ret);
	info = framebuffer_alloc(sizeof(*fdev), dev);
	if (!info)
		return ERR_PTR(-ENOMEM);
	fdev = info->par;
	fdev->dev = get_device(dev);
	fdev->info = info;
	fdev->ops = ops;
	fdev->priv = priv;
	fdev->mode = *mode;
	spin_lock_init(&fdev->lock);
	mutex_init(&fdev->backend_lock);
	init_waitqueue_head(&fdev->vblank_wq);
	fdev->frame_size = (size_t)mode->width * (mode->bpp / 8) *
			   mode->height;

	ret = fbmmap_mem_alloc(fdev, mem_base, mem_size);
	if (ret)
		goto err_release_info;

	fbmmap_init_var(fdev);
	fbmmap_init_fix(fdev);
	info->fbops = &fbmmap_fb_ops;
	info->flags = FBINFO_VIRTFB;
	info->screen_buffer = fdev->mem.vaddr;
	info->screen_size = fdev->mem.size;
	info->pseudo_palette = fdev->pseudo_palette;

	ret = fb_alloc_cmap(&info->cmap, 256, 0);
	if (ret)
		goto err_free_mem;

	ret = ops->enable(fdev, fdev->mem.dma);
	if (ret)
		goto err_dealloc_cmap;
	spin_lock_irq(&fdev->lock);
	fdev->enabled = true;
	spin_unlock_irq(&fdev->lock);

	ret = register_framebuffer(info);
	if (ret)
		goto err_disable_backend;

	dev_info(dev, "fb%d: %ux%u, %u bpp, %u buffer(s), %zu KiB from %s, %s back end\n",
		 info->node, mode->width, mode->height, mode->bpp,
		 fdev->mode.buffers, fdev->mem.size / 1024,
		 fdev->mem.region ? "reserved region" :
		 fdev->mem.of_pool ? "memory-region pool" : "dma_alloc_wc",
		 ops->name);
	return fdev;

err_disable_backend:
	spin_lock_irq(&fdev->lock);
	fdev->enabled = false;
	spin_unlock_irq(&fdev->lock);
	ops->disable(fdev);
err_dealloc_cmap:
	fb_dealloc_cmap(&info->cmap);
err_free_mem:
	fbmmap_mem_free(fdev);
err_release_info:
	framebuffer_release(info);
	put_device(dev);
	return ERR_PTR(ret);
}

/**
 * fbmmap_unplug() - stop the back end and unregister the framebuffer
 * @fdev: the display
 *
 * Called when the bus device goes away. The back end stops scanning out
 * before anything else happens. The fb_info and the display memory stay
 * until the last user closes the framebuffer (fb_destroy); sleepers in
 * FBIO_WAITFORVSYNC return -ENODEV.
 */
void fbmmap_unplug(struct fbmmap_device *fdev)
{
	struct fb_info *info = fdev->info;

	mutex_lock(&fdev->backend_lock);
	spin_lock_irq(&fdev->lock);
	fdev->gone = true;
	spin_unlock_irq(&fdev->lock);
	mutex_unlock(&fdev->backend_lock);
	wake_up_all(&fdev->vblank_wq);

	mutex_lock(&fdev->backend_lock);
	spin_lock_irq(&fdev->lock);
	fdev->enabled = false;
	spin_unlock_irq(&fdev->lock);
	fdev->ops->disable(fdev);
	fdev->priv = NULL;
	mutex_unlock(&fdev->backend_lock);

	unregister_framebuffer(info);
}
