/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Interface of the test-only pte_memtype module: /dev/pte_memtype answers
 * PTE_MEMTYPE_IOC_QUERY with the memory type of the page-table entry that
 * maps a user address of the calling process.
 *
 * Every field has a fixed size and the struct has no padding, so 32- and
 * 64-bit callers share one layout.
 */
#ifndef PTE_MEMTYPE_UAPI_H
#define PTE_MEMTYPE_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define PTE_MEMTYPE_DEVICE_NAME "pte_memtype"

/* Memory types, named after what the architecture calls them. */
enum pte_memtype {
	PTE_MEMTYPE_UNKNOWN = 0,
	/* x86: the IA32_PAT entry the PTE's PAT/PCD/PWT bits select */
	PTE_MEMTYPE_X86_UC = 1,
	PTE_MEMTYPE_X86_WC = 2,
	PTE_MEMTYPE_X86_WT = 3,
	PTE_MEMTYPE_X86_WP = 4,
	PTE_MEMTYPE_X86_WB = 5,
	PTE_MEMTYPE_X86_UC_MINUS = 6,
	/* 32-bit ARM, non-LPAE: the Linux PTE's L_PTE_MT_* field */
	PTE_MEMTYPE_ARM_STRONGLY_ORDERED = 16,	/* L_PTE_MT_UNCACHED */
	PTE_MEMTYPE_ARM_BUFFERABLE = 17,	/* normal non-cacheable */
	PTE_MEMTYPE_ARM_WRITETHROUGH = 18,
	PTE_MEMTYPE_ARM_WRITEBACK = 19,
	PTE_MEMTYPE_ARM_MINICACHE = 20,
	PTE_MEMTYPE_ARM_WRITEALLOC = 21,
	PTE_MEMTYPE_ARM_DEV_SHARED = 22,
	PTE_MEMTYPE_ARM_DEV_NONSHARED = 23,
	PTE_MEMTYPE_ARM_DEV_WC = 24,
	PTE_MEMTYPE_ARM_DEV_CACHED = 25,
	PTE_MEMTYPE_ARM_VECTORS = 26,
};

/* vma_flags: what kind of mapping the address lies in */
#define PTE_MEMTYPE_VMA_SHARED		0x01U	/* VM_SHARED */
#define PTE_MEMTYPE_VMA_PFNMAP		0x02U	/* VM_PFNMAP */
#define PTE_MEMTYPE_VMA_IO		0x04U	/* VM_IO */
#define PTE_MEMTYPE_VMA_MIXEDMAP	0x08U	/* VM_MIXEDMAP */
#define PTE_MEMTYPE_VMA_WRITE		0x10U	/* VM_WRITE */
#define PTE_MEMTYPE_VMA_ANONYMOUS	0x20U	/* no vm_ops */
#define PTE_MEMTYPE_VMA_HUGETLB		0x40U	/* VM_HUGETLB */
#define PTE_MEMTYPE_VMA_PAT		0x80U	/* x86 VM_PAT */

/* level: which entry mapped the address */
#define PTE_MEMTYPE_LEVEL_PTE	0
#define PTE_MEMTYPE_LEVEL_PMD	1	/* huge page leaf (x86) */
#define PTE_MEMTYPE_LEVEL_PUD	2	/* gigantic page leaf (x86) */

#define PTE_MEMTYPE_NAME_LEN	24
#define PTE_MEMTYPE_HW_NAME_LEN	32

struct pte_memtype_query {
	__u64 addr;		/* in: user virtual address */
	__u64 pte;		/* out: the entry's raw bits (ARM: Linux PTE) */
	__u64 hw_pte;		/* out: ARM: hardware PTE; x86: = pte */
	__u64 vma_prot;		/* out: pgprot_val(vma->vm_page_prot) */
	__u64 pfn;		/* out: page frame the entry maps */
	__u64 arch_reg;		/* out: x86 IA32_PAT; ARM PRRR | NMRR << 32 */
	__u32 type;		/* out: enum pte_memtype of pte */
	__u32 vma_type;		/* out: enum pte_memtype of vma_prot */
	__u32 index;		/* out: x86 PAT index; ARM hw TEX[0]:C:B */
	__u32 level;		/* out: PTE_MEMTYPE_LEVEL_* */
	__u32 vma_flags;	/* out: PTE_MEMTYPE_VMA_* */
	__u32 reserved;		/* in: must be 0 */
	char name[PTE_MEMTYPE_NAME_LEN];	/* out: name of type */
	char vma_name[PTE_MEMTYPE_NAME_LEN];	/* out: name of vma_type */
	char hw_name[PTE_MEMTYPE_HW_NAME_LEN];	/* out: what the MMU sees */
};

#define PTE_MEMTYPE_IOC_MAGIC	0xF7
#define PTE_MEMTYPE_IOC_QUERY \
	_IOWR(PTE_MEMTYPE_IOC_MAGIC, 0x01, struct pte_memtype_query)

#endif /* PTE_MEMTYPE_UAPI_H */
