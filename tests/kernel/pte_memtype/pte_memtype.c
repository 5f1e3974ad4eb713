// SPDX-License-Identifier: GPL-2.0
/*
 * pte_memtype: test-only module that reports the memory type of the
 * page-table entry mapping a user address of the calling process.
 *
 * The fbmmap tests map /dev/fb0 and ask this module whether the page table
 * really says write-combined (x86 PAT WC, ARM L_PTE_MT_BUFFERABLE), so a
 * regression to a cached or strongly-ordered mapping fails a test instead
 * of going unnoticed. It only reads page tables, under the mmap lock and
 * the page-table lock, and never changes them.
 *
 * Interface: pte_memtype_uapi.h (misc device /dev/pte_memtype, one ioctl).
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pgtable.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#ifdef CONFIG_X86
#include <asm/cpufeature.h>
#include <asm/msr.h>
#endif

#include "pte_memtype_uapi.h"

#if defined(CONFIG_ARM) && defined(CONFIG_ARM_LPAE)
#error "pte_memtype decodes the non-LPAE (2-level) ARM page tables only"
#endif
#if !defined(CONFIG_X86_64) && !defined(CONFIG_ARM)
#error "pte_memtype supports x86-64 and 32-bit ARM only"
#endif

struct memtype_name {
	u32 type;
	const char *name;
};

static const struct memtype_name memtype_names[] = {
	{ PTE_MEMTYPE_X86_UC, "UC" },
	{ PTE_MEMTYPE_X86_WC, "WC" },
	{ PTE_MEMTYPE_X86_WT, "WT" },
	{ PTE_MEMTYPE_X86_WP, "WP" },
	{ PTE_MEMTYPE_X86_WB, "WB" },
	{ PTE_MEMTYPE_X86_UC_MINUS, "UC-" },
	{ PTE_MEMTYPE_ARM_STRONGLY_ORDERED, "strongly-ordered" },
	{ PTE_MEMTYPE_ARM_BUFFERABLE, "bufferable" },
	{ PTE_MEMTYPE_ARM_WRITETHROUGH, "writethrough" },
	{ PTE_MEMTYPE_ARM_WRITEBACK, "writeback" },
	{ PTE_MEMTYPE_ARM_MINICACHE, "minicache" },
	{ PTE_MEMTYPE_ARM_WRITEALLOC, "writealloc" },
	{ PTE_MEMTYPE_ARM_DEV_SHARED, "dev-shared" },
	{ PTE_MEMTYPE_ARM_DEV_NONSHARED, "dev-nonshared" },
	{ PTE_MEMTYPE_ARM_DEV_WC, "dev-wc" },
	{ PTE_MEMTYPE_ARM_DEV_CACHED, "dev-cached" },
	{ PTE_MEMTYPE_ARM_VECTORS, "vectors" },
};

static void memtype_set_name(char *buf, size_t len, u32 type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(memtype_names); i++) {
		if (memtype_names[i].type == type) {
			strscpy(buf, memtype_names[i].name, len);
			return;
		}
	}
	strscpy(buf, "unknown", len);
}

#ifdef CONFIG_X86

/* What the CPU has after reset; Linux keeps it when PAT is off. */
#define PAT_POWER_ON_DEFAULT	0x0007040600070406ULL

static u64 memtype_read_pat(void)
{
	u64 pat;

	if (!boot_cpu_has(X86_FEATURE_PAT))
		return PAT_POWER_ON_DEFAULT;
	if (rdmsrl_safe(MSR_IA32_CR_PAT, &pat))
		return PAT_POWER_ON_DEFAULT;
	return pat;
}

static u32 memtype_x86_pat_type(u64 pat, unsigned int index)
{
	/* Encodings from the SDM's IA32_PAT description. */
	switch ((pat >> (index * 8)) & 7) {
	case 0:
		return PTE_MEMTYPE_X86_UC;
	case 1:
		return PTE_MEMTYPE_X86_WC;
	case 4:
		return PTE_MEMTYPE_X86_WT;
	case 5:
		return PTE_MEMTYPE_X86_WP;
	case 6:
		return PTE_MEMTYPE_X86_WB;
	case 7:
		return PTE_MEMTYPE_X86_UC_MINUS;
	default:
		return PTE_MEMTYPE_UNKNOWN;
	}
}

/* The PAT bit moves to bit 12 in 2 MiB and 1 GiB leaf entries. */
static unsigned int memtype_x86_index(u64 val, bool large)
{
	u64 pat_bit = large ? _PAGE_PAT_LARGE : _PAGE_PAT;

	return ((val & pat_bit) ? 4 : 0) | ((val & _PAGE_PCD) ? 2 : 0) |
	       ((val & _PAGE_PWT) ? 1 : 0);
}

static void memtype_decode(struct pte_memtype_query *q, bool large)
{
	u64 pat = memtype_read_pat();

	q->arch_reg = pat;
	q->hw_pte = q->pte;
	q->index = memtype_x86_index(q->pte, large);
	q->type = memtype_x86_pat_type(pat, q->index);
	/* vm_page_prot is always in 4 KiB PTE format */
	q->vma_type = memtype_x86_pat_type(pat,
					   memtype_x86_index(q->vma_prot, false));
	memtype_set_name(q->hw_name, sizeof(q->hw_name), q->type);
}

static u32 memtype_arch_vma_flags(struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_PAT) ? PTE_MEMTYPE_VMA_PAT : 0;
}

#else /* CONFIG_ARM, 2-level page tables */

static u32 memtype_arm_type(u64 val)
{
	switch ((pteval_t)val & L_PTE_MT_MASK) {
	case L_PTE_MT_UNCACHED:
		return PTE_MEMTYPE_ARM_STRONGLY_ORDERED;
	case L_PTE_MT_BUFFERABLE:
		return PTE_MEMTYPE_ARM_BUFFERABLE;
	case L_PTE_MT_WRITETHROUGH:
		return PTE_MEMTYPE_ARM_WRITETHROUGH;
	case L_PTE_MT_WRITEBACK:
		return PTE_MEMTYPE_ARM_WRITEBACK;
	case L_PTE_MT_MINICACHE:
		return PTE_MEMTYPE_ARM_MINICACHE;
	case L_PTE_MT_WRITEALLOC:
		return PTE_MEMTYPE_ARM_WRITEALLOC;
	case L_PTE_MT_DEV_SHARED:
		return PTE_MEMTYPE_ARM_DEV_SHARED;
	case L_PTE_MT_DEV_NONSHARED:
		return PTE_MEMTYPE_ARM_DEV_NONSHARED;
	case L_PTE_MT_DEV_WC:
		return PTE_MEMTYPE_ARM_DEV_WC;
	case L_PTE_MT_DEV_CACHED:
		return PTE_MEMTYPE_ARM_DEV_CACHED;
	case L_PTE_MT_VECTORS:
		return PTE_MEMTYPE_ARM_VECTORS;
	default:
		return PTE_MEMTYPE_UNKNOWN;
	}
}

static const char *const arm_cacheability[] = { "nc", "wbwa", "wt", "wb" };

/*
 * The MMU's own view of a small-page hardware PTE. With SCTLR.TRE set
 * (always, on ARMv7 Linux) TEX[0]:C:B indexes PRRR/NMRR, which give the
 * memory type and the inner/outer cacheability.
 */
static void memtype_arm_hw(struct pte_memtype_query *q)
{
	u32 hw = q->hw_pte, sctlr, prrr, nmrr, n, tr, inner, outer;

	asm volatile("mrc p15, 0, %0, c1, c0, 0" : "=r" (sctlr));
	n = ((hw & PTE_EXT_TEX(1)) ? 4 : 0) | ((hw & PTE_CACHEABLE) ? 2 : 0) |
	    ((hw & PTE_BUFFERABLE) ? 1 : 0);
	q->index = n;
	if ((hw & PTE_TYPE_MASK) == PTE_TYPE_FAULT) {
		/* Linux clears it while the page is old or PROT_NONE. */
		strscpy(q->hw_name, "invalid", sizeof(q->hw_name));
		return;
	}
	if (!(sctlr & BIT(28))) {
		snprintf(q->hw_name, sizeof(q->hw_name), "tex-c-b %u%u%u",
			 (hw >> 6) & 7, (hw >> 3) & 1, (hw >> 2) & 1);
		return;
	}
	asm volatile("mrc p15, 0, %0, c10, c2, 0" : "=r" (prrr));
	asm volatile("mrc p15, 0, %0, c10, c2, 1" : "=r" (nmrr));
	q->arch_reg = prrr | (u64)nmrr << 32;
	tr = (prrr >> (2 * n)) & 3;
	inner = (nmrr >> (2 * n)) & 3;
	outer = (nmrr >> (2 * n + 16)) & 3;
	if (tr == 0)
		strscpy(q->hw_name, "strongly-ordered", sizeof(q->hw_name));
	else if (tr == 1)
		strscpy(q->hw_name, "device", sizeof(q->hw_name));
	else if (tr == 3)
		strscpy(q->hw_name, "reserved", sizeof(q->hw_name));
	else if (inner == outer)
		snprintf(q->hw_name, sizeof(q->hw_name), "normal-%s",
			 arm_cacheability[inner]);
	else
		snprintf(q->hw_name, sizeof(q->hw_name), "normal-i%s-o%s",
			 arm_cacheability[inner], arm_cacheability[outer]);
}

static void memtype_decode(struct pte_memtype_query *q, bool large)
{
	q->type = memtype_arm_type(q->pte);
	q->vma_type = memtype_arm_type(q->vma_prot);
	memtype_arm_hw(q);
}

static u32 memtype_arch_vma_flags(struct vm_area_struct *vma)
{
	return 0;
}

#endif

static u32 memtype_vma_flags(struct vm_area_struct *vma)
{
	u32 flags = memtype_arch_vma_flags(vma);

	if (vma->vm_flags & VM_SHARED)
		flags |= PTE_MEMTYPE_VMA_SHARED;
	if (vma->vm_flags & VM_PFNMAP)
		flags |= PTE_MEMTYPE_VMA_PFNMAP;
	if (vma->vm_flags & VM_IO)
		flags |= PTE_MEMTYPE_VMA_IO;
	if (vma->vm_flags & VM_MIXEDMAP)
		flags |= PTE_MEMTYPE_VMA_MIXEDMAP;
	if (vma->vm_flags & VM_WRITE)
		flags |= PTE_MEMTYPE_VMA_WRITE;
	if (vma->vm_flags & VM_HUGETLB)
		flags |= PTE_MEMTYPE_VMA_HUGETLB;
	if (vma_is_anonymous(vma))
		flags |= PTE_MEMTYPE_VMA_ANONYMOUS;
	return flags;
}

#ifdef CONFIG_X86
/*
 * Huge leaf entries above the PTE level (THP, hugetlbfs, huge PFN maps):
 * follow_pte() only walks down to PTE tables, so look at them first.
 * Returns 1 if a leaf was found and recorded, 0 to go on to the PTE, or
 * -ENXIO if nothing is mapped.
 */
static int memtype_walk_upper(struct mm_struct *mm, unsigned long addr,
			      struct pte_memtype_query *q)
{
	spinlock_t *ptl;	/* held only to read one entry */
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;
	pud_t pudval;
	pmd_t pmdval;

	pgd = pgd_offset(mm, addr);
	if (pgd_none(*pgd) || pgd_bad(*pgd))
		return -ENXIO;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(*p4d) || p4d_bad(*p4d))
		return -ENXIO;
	pud = pud_offset(p4d, addr);
	ptl = pud_lock(mm, pud);
	pudval = *pud;
	spin_unlock(ptl);
	if (pud_none(pudval))
		return -ENXIO;
	if (pud_leaf(pudval)) {
		q->pte = pud_val(pudval);
		q->pfn = pud_pfn(pudval);
		q->level = PTE_MEMTYPE_LEVEL_PUD;
		return 1;
	}
	if (pud_bad(pudval))
		return -ENXIO;
	pmd = pmd_offset(pud, addr);
	ptl = pmd_lock(mm, pmd);
	pmdval = *pmd;
	spin_unlock(ptl);
	/*
	 * A page table cannot turn into a huge leaf while the mmap lock is
	 * held for read (collapsing takes it for write), an empty slot can:
	 * never hand an empty one to follow_pte().
	 */
	if (pmd_none(pmdval))
		return -ENXIO;
	if (pmd_leaf(pmdval)) {
		q->pte = pmd_val(pmdval);
		q->pfn = pmd_pfn(pmdval);
		q->level = PTE_MEMTYPE_LEVEL_PMD;
		return 1;
	}
	return 0;
}
#else
/* 32-bit ARM maps user space with small pages only. */
static int memtype_walk_upper(struct mm_struct *mm, unsigned long addr,
			      struct pte_memtype_query *q)
{
	return 0;
}
#endif

static int memtype_lookup(struct pte_memtype_query *q)
{
	unsigned long addr = untagged_addr((unsigned long)q->addr);
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	spinlock_t *ptl;	/* the PTE's lock, from follow_pte() */
	pte_t *ptep;
	pte_t pte;
	int ret;

	if (!mm)
		return -EINVAL;
	if (q->addr != (unsigned long)q->addr)
		return -ENXIO;
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	vma = vma_lookup(mm, addr);
	if (!vma) {
		ret = -ENXIO;
		goto out;
	}
	q->vma_flags = memtype_vma_flags(vma);
	q->vma_prot = pgprot_val(vma->vm_page_prot);

	ret = memtype_walk_upper(mm, addr, q);
	if (ret < 0)
		goto out;
	if (ret == 1) {
		memtype_decode(q, true);
		ret = 0;
		goto out;
	}

	/* Fails if no page is present: the caller has to touch it first. */
	ret = follow_pte(mm, addr, &ptep, &ptl);
	if (ret) {
		ret = -ENXIO;
		goto out;
	}
	pte = *ptep;
	q->pte = pte_val(pte);
	q->pfn = pte_pfn(pte);
	q->level = PTE_MEMTYPE_LEVEL_PTE;
#ifdef CONFIG_ARM
	/* The hardware table lies PTE_HWTABLE_PTRS entries after Linux's. */
	q->hw_pte = pte_val(ptep[PTE_HWTABLE_PTRS]);
#endif
	pte_unmap_unlock(ptep, ptl);
	memtype_decode(q, false);
out:
	mmap_read_unlock(mm);
	if (!ret) {
		memtype_set_name(q->name, sizeof(q->name), q->type);
		memtype_set_name(q->vma_name, sizeof(q->vma_name), q->vma_type);
	}
	return ret;
}

static long memtype_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct pte_memtype_query __user *uq = (void __user *)arg;
	struct pte_memtype_query q;
	u64 addr;
	u32 reserved;
	int ret;

	if (cmd != PTE_MEMTYPE_IOC_QUERY)
		return -ENOTTY;
	if (get_user(addr, &uq->addr) || get_user(reserved, &uq->reserved))
		return -EFAULT;
	if (reserved)
		return -EINVAL;
	memset(&q, 0, sizeof(q));
	q.addr = addr;
	ret = memtype_lookup(&q);
	if (ret)
		return ret;
	if (copy_to_user(uq, &q, sizeof(q)))
		return -EFAULT;
	return 0;
}

static const struct file_operations memtype_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = memtype_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice memtype_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = PTE_MEMTYPE_DEVICE_NAME,
	.fops = &memtype_fops,
	.mode = 0600,
};

module_misc_device(memtype_misc);

MODULE_DESCRIPTION("Test-only: report the memory type of a user address's page-table entry");
MODULE_LICENSE("GPL");
