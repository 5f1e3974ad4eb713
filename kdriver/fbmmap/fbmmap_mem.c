// SPDX-License-Identifier: GPL-2.0
/*
 * fbmmap display memory: allocation, user mappings, release.
 *
 * Three sources, tried in this order:
 *  - a reserved region given by the mem_base/mem_size parameters (an x86
 *    "memmap=" carve-out): memremap()ed write-combined and mapped to user
 *    space with vm_iomap_memory(). dma_declare_coherent_memory() would be
 *    the natural tool, but it is not exported to modules (and x86 kernels
 *    are built without CONFIG_DMA_DECLARE_COHERENT).
 *  - the device's own coherent pool, declared by a device-tree
 *    "memory-region" through of_reserved_mem_device_init_by_idx();
 *    dma_alloc_wc() then takes from it.
 *  - CMA or the page allocator, through dma_alloc_wc().
 * If the wanted number of buffers does not fit, fewer are taken.
 *
 * dma_alloc_wc() memory is allocated for a private "owner" device, not for
 * the bus device. User mappings keep the memory alive after the bus device
 * is unbound, and unbinding tears down that device's DMA configuration
 * (dma-ranges, DMA ops) and would leave its pool to whoever binds next.
 * The owner copies the configuration and holds its own reference to the
 * pool, and lives exactly as long as the memory, so freeing it later is
 * correct by construction and a rebind allocates beside it, never from
 * memory about to be released.
 */
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_device.h>
#include <linux/of_reserved_mem.h>
#include <linux/slab.h>

#include "fbmmap.h"

static int fbmmap_mem_from_region(struct fbmmap_device *fdev,
				  phys_addr_t base, size_t region_size)
{
	struct device *dev = fdev->dev;
	u32 n = fdev->mode.buffers;
	size_t size;
	void *vaddr;

	if (base & ~PAGE_MASK) {
		dev_warn(dev, "reserved region %pa is not page aligned, not used\n",
			 &base);
		return -EINVAL;
	}
	n = min_t(size_t, n, region_size / fdev->frame_size);
	if (!n) {
		dev_warn(dev, "reserved region of %zu bytes holds no buffer, not used\n",
			 region_size);
		return -ENOSPC;
	}
	size = PAGE_ALIGN(n * fdev->frame_size);
	if (!request_mem_region(base, size, "fbmmap")) {
		dev_warn(dev, "reserved region %pa is busy, not used\n", &base);
		return -EBUSY;
	}
	vaddr = memremap(base, size, MEMREMAP_WC);
	if (!vaddr) {
		dev_warn(dev, "cannot map reserved region %pa, not used\n",
			 &base);
		release_mem_region(base, size);
		return -ENOMEM;
	}
	memset(vaddr, 0, size);
	fdev->mem.vaddr = vaddr;
	fdev->mem.phys = base;
	fdev->mem.dma = base;
	fdev->mem.size = size;
	fdev->mem.region = true;
	fdev->mode.buffers = n;
	return 0;
}

static void fbmmap_owner_release(struct device *owner)
{
	kfree(owner->dma_range_map);
	kfree(owner);
}

/*
 * The owner of dma_alloc_wc() memory: never registered, only configured
 * for DMA as @dev is (from its device-tree node, or by copying what a
 * device without one has).
 */
static struct device *fbmmap_owner_create(struct device *dev)
{
	struct device *owner;
	int ret;

	owner = kzalloc(sizeof(*owner), GFP_KERNEL);
	if (!owner)
		return ERR_PTR(-ENOMEM);
	device_initialize(owner);
	owner->release = fbmmap_owner_release;
	ret = dev_set_name(owner, "%s-memory", dev_name(dev));
	if (ret)
		goto err_put_owner;
	owner->coherent_dma_mask = dev->coherent_dma_mask;
	owner->dma_mask = &owner->coherent_dma_mask;
	if (dev->of_node) {
		ret = of_dma_configure(owner, dev->of_node, true);
		if (ret)
			goto err_put_owner;
	} else {
		set_dma_ops(owner, get_dma_ops(dev));
		owner->bus_dma_limit = dev->bus_dma_limit;
	}
	return owner;

err_put_owner:
	put_device(owner);
	return ERR_PTR(ret);
}

static int fbmmap_mem_from_dma(struct fbmmap_device *fdev)
{
	struct device *owner = fdev->mem.owner;
	u32 n;

	for (n = fdev->mode.buffers; n; n--) {
		size_t size = PAGE_ALIGN(n * fdev->frame_size);
		dma_addr_t dma;
		void *vaddr;

		vaddr = dma_alloc_attrs(owner, size, &dma,
					GFP_KERNEL | __GFP_NOWARN,
					DMA_ATTR_WRITE_COMBINE |
					DMA_ATTR_NO_WARN);
		if (vaddr) {
			fdev->mem.vaddr = vaddr;
			fdev->mem.dma = dma;
			fdev->mem.size = size;
			fdev->mem.region = false;
			fdev->mode.buffers = n;
			return 0;
		}
	}
	return -ENOMEM;
}

/* Gives up the owner, and with it the pool it may hold. */
static void fbmmap_owner_put(struct fbmmap_device *fdev)
{
	struct fbmmap_mem *mem = &fdev->mem;

	if (!mem->owner)
		return;
	if (mem->of_pool)
		of_reserved_mem_device_release(mem->owner);
	put_device(mem->owner);
	mem->owner = NULL;
	mem->of_pool = false;
}

static int fbmmap_mem_from_owner(struct fbmmap_device *fdev)
{
	struct device *dev = fdev->dev;
	struct device *owner;
	int ret;

	owner = fbmmap_owner_create(dev);
	if (IS_ERR(owner))
		return PTR_ERR(owner);
	fdev->mem.owner = owner;
	if (dev->of_node &&
	    of_property_present(dev->of_node, "memory-region")) {
		ret = of_reserved_mem_device_init_by_idx(owner, dev->of_node,
							 0);
		if (ret)
			dev_warn(dev, "memory-region unusable (%d), using system memory\n",
				 ret);
		else
			fdev->mem.of_pool = true;
	}
	ret = fbmmap_mem_from_dma(fdev);
	if (ret)
		fbmmap_owner_put(fdev);
	return ret;
}

/**
 * fbmmap_mem_alloc() - allocate the display memory
 * @fdev: the display; @fdev->mode.buffers is lowered if memory is short
 * @mem_base: physical base of a reserved region, or 0
 * @mem_size: size of the reserved region, or 0 for none
 *
 * Return: 0, or a negative error (-ENOMEM: not even one buffer could be
 * had).
 */
int fbmmap_mem_alloc(struct fbmmap_device *fdev, phys_addr_t mem_base,
		     size_t mem_size)
{
	struct device *dev = fdev->dev;
	u32 wanted = fdev->mode.buffers;
	int ret = -ENOMEM;

	if (mem_size)
		ret = fbmmap_mem_from_region(fdev, mem_base, mem_size);
	if (ret)
		ret = fbmmap_mem_from_owner(fdev);
	if (ret) {
		dev_err(dev, "no memory for even one %zu byte buffer\n",
			fdev->frame_size);
		return ret;
	}
	if (fdev->mode.buffers < wanted)
		dev_warn(dev, "only %u of %u buffers of %zu bytes could be allocated, using %u\n",
			 fdev->mode.buffers, wanted, fdev->frame_size,
			 fdev->mode.buffers);
	return 0;
}

/**
 * fbmmap_mem_free() - free the display memory
 * @fdev: the display
 *
 * Only called from fb_destroy() (and the error path of fbmmap_create()):
 * user mappings keep the fb_info, and so the memory, alive. Uses only
 * what the memory owns, never the bus device, which may be long gone.
 */
void fbmmap_mem_free(struct fbmmap_device *fdev)
{
	struct fbmmap_mem *mem = &fdev->mem;

	if (!mem->vaddr)
		return;
	if (mem->region) {
		memunmap(mem->vaddr);
		release_mem_region(mem->phys, mem->size);
	} else {
		dma_free_wc(mem->owner, mem->size, mem->vaddr, mem->dma);
		fbmmap_owner_put(fdev);
	}
	mem->vaddr = NULL;
}

/**
 * fbmmap_mem_mmap() - map (part of) the display memory to user space
 * @fdev: the display
 * @vma: the user mapping; vm_pgoff is the offset in pages
 *
 * The mapping is write-combined: ARM's "normal non-cacheable" (bufferable),
 * x86's PAT WC. Private mappings are refused, as DRM's GEM shmem helper
 * refuses them: a copy-on-write page would take the client's writes and
 * never reach the screen.
 *
 * Return: 0, or -EINVAL if the mapping is private or the range does not
 * lie inside the memory.
 */
int fbmmap_mem_mmap(struct fbmmap_device *fdev, struct vm_area_struct *vma)
{
	unsigned long pages = fdev->mem.size >> PAGE_SHIFT;
	unsigned long len = vma_pages(vma);

	if (is_cow_mapping(vma->vm_flags))
		return -EINVAL;
	if (vma->vm_pgoff >= pages || len > pages - vma->vm_pgoff)
		return -EINVAL;
	if (fdev->mem.region) {
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
		return vm_iomap_memory(vma, fdev->mem.phys, fdev->mem.size);
	}
	return dma_mmap_wc(fdev->mem.owner, vma, fdev->mem.vaddr,
			   fdev->mem.dma, fdev->mem.size);
}
